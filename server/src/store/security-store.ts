import type { Role } from '@wardwatch/shared';

export interface UserListRow {
  username: string;
  role: Role;
  wardId: string | null;
  createdAt: number;
}

export interface AuditRow {
  id: number;
  at: number;
  username: string;
  action: string;
  detail: string;
}

/** Storage verbs for user management, station credentials and the audit log. */
export interface SecurityStore {
  listUsers(): UserListRow[];
  /** Only the given fields change; returns false when there is no such user. */
  updateUser(
    username: string,
    patch: { role?: Role; wardId?: string | null; passwordHash?: string },
  ): boolean;
  deleteUser(username: string): boolean;
  countAdmins(): number;
  /** Ends every session of a user (password change, role change, delete). */
  deleteUserSessions(username: string): number;
  revokeStation(id: string, at: number): boolean;
  /** Replace the credential hash and clear any revoke. */
  rotateStationCredential(id: string, credentialHash: string): boolean;
  listAuditPage(limit: number, beforeId?: number): AuditRow[];
}
