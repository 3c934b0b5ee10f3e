/**
 * How Swagger UI at /docs looks: the product's name where the framework's logo was, in the page
 * title too, and no "explore" box (the page shows one document, /openapi.json).
 */
export const PRODUCT_NAME = 'Security Remediation API';

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="40" viewBox="0 0 360 40">
<rect x="2" y="6" width="24" height="28" rx="4" fill="#89bf04"/>
<path d="M8 20l4 5 8-10" stroke="#fff" stroke-width="3" fill="none" stroke-linecap="round"/>
<text x="36" y="27" font-family="sans-serif" font-size="20" font-weight="700" fill="#fff">${PRODUCT_NAME}</text>
</svg>`;

export const logo = { type: 'image/svg+xml', content: Buffer.from(LOGO_SVG) };

export const theme = {
  title: PRODUCT_NAME,
  css: [
    {
      filename: 'product.css',
      content: '.swagger-ui .topbar .download-url-wrapper { display: none; }',
    },
  ],
};
