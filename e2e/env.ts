export const E2E_PORT = Number(process.env.E2E_PORT ?? 8090);
export const E2E_ADMIN_USER = 'admin';
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
