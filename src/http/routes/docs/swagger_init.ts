/**
 * The script that starts Swagger UI on the docs page. A file of its own (served from
 * /docs/assets/) rather than an inline `<script>`, so the page's CSP can say `script-src 'self'`
 * without `'unsafe-inline'`.
 */
export const SWAGGER_INIT_SCRIPT = `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // The default sends the document to a public validator and shows its badge: nothing leaves.
    validatorUrl: null,
    // Browsers send the session cookie on "Try it out" requests to this origin.
    withCredentials: true,
  });
});
`;
