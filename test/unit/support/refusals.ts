// Renders a domain refusal as the wire layer does, so tables can assert AKS's status and text.
import { errorFactory, type ApiError } from "../../../src/arm/api-error.js";
import { AKS_ERRORS, type AksRefusal } from "../../../src/providers/containerservice/errors.js";

const { unwrap } = errorFactory(AKS_ERRORS);

export function rendered(refusal: AksRefusal): ApiError {
  try {
    unwrap(refusal);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("not a refusal");
}
