/** The API's version: the OpenAPI document's `info.version` and `GET /health/detailed`'s. */
export const API_VERSION = "0.1.0";
