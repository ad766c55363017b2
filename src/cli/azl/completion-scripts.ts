// The bash and zsh completion scripts `azl completion` prints. They only call `azl __complete`
// (completion.ts), so this module imports nothing: the command registry can load it without a cycle.
export const BASH_COMPLETION = `# azl bash completion: eval "$(azl completion --shell bash)"
_azl_complete() {
  local IFS=$'\\n'
  COMPREPLY=($(azl __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _azl_complete azl
`;

export const ZSH_COMPLETION = `# azl zsh completion: eval "$(azl completion --shell zsh)"
_azl() {
  local -a candidates
  candidates=("\${(@f)$(azl __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _azl azl
`;
