/**
 * People and who is asking. Services take an `Actor` as their first argument; the HTTP layer builds
 * it from the session cookie or the X-Api-Key header.
 */
export const ROLES = ['patron', 'instructor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor { userId: number; role: Role }

export interface User {
  id: number;
  role: Role;
  /** Login name: library card number or e-mail for patrons. */
  username: string;
  displayName: string;
  email: string | null;
  cardNumber: string | null;
  disabled: boolean;
  createdAtMs: number;
  /** The patron asked to be deleted: name, card and e-mail are gone, the row stays for statistics. */
  anonymisedAtMs: number | null;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role };
}
