/**
 * People and who is asking. Services take an `Actor` as their first argument; the HTTP layer builds
 * it from the session cookie or the X-Api-Key header.
 */
export const ROLES = ['patron', 'instructor', 'staff'];
export function isRole(value) {
    return ROLES.includes(value);
}
export function actorOf(user) {
    return { userId: user.id, role: user.role };
}
//# sourceMappingURL=user-types.js.map