/** The auth service's public face: other code starts it, never reaches inside. */
export { startAuth, type AuthHandle } from './main';
export { loadAuthConfig, type AuthConfig } from './config';
export { seedDemoUsers } from './seed';
export { setUserRole } from './user-role';
export { AuthError } from './domain/auth.errors';
