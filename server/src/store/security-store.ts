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
  listUsers(): Promise<UserListRow[]>;
  /** Only the given fields change; returns false when there is no such user. */
  updateUser(
    username: string,
    patch: { role?: Role; wardId?: string | null; passwordHash?: string },
  ): Promise<boolean>;
  deleteUser(username: string): Promise<boolean>;
  countAdmins(): Promise<number>;
  /** Ends every session of a user (password change, role change, delete). */
  deleteUserSessions(username: string): Promise<number>;
  revokeStation(id: string, at: number): Promise<boolean>;
  /** Replace the credential hash and clear any revoke. */
  rotateStationCredential(id: string, credentialHash: string): Promise<boolean>;
  listAuditPage(limit: number, beforeId?: number): Promise<AuditRow[]>;
}
