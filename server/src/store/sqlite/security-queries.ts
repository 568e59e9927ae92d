import type Database from 'better-sqlite3';
import type { Synchronous } from './promised.js';
import type { Role } from '@wardwatch/shared';
import type { AuditRow, SecurityStore, UserListRow } from '../security-store.js';

type Db = Database.Database;

/** `w` writes, `r` is the read-only connection. */
export function securityQueries(w: Db, r: Db): Synchronous<SecurityStore> {
  const q = {
    listUsers: r.prepare('SELECT username, role, ward_id, created_at FROM users ORDER BY username'),
    deleteUser: w.prepare('DELETE FROM users WHERE username = ?'),
    countAdmins: w.prepare("SELECT count(*) FROM users WHERE role = 'admin'").pluck(),
    deleteSessions: w.prepare('DELETE FROM sessions WHERE username = ?'),
    revoke: w.prepare('UPDATE stations SET revoked_at = ? WHERE id = ?'),
    rotate: w.prepare('UPDATE stations SET credential_hash = ?, revoked_at = NULL WHERE id = ?'),
    auditPage: r.prepare(
      'SELECT id, at, username, action, detail FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?',
    ),
  };
  return {
    listUsers: () =>
      (
        q.listUsers.all() as {
          username: string;
          role: Role;
          ward_id: string | null;
          created_at: number;
        }[]
      ).map((u): UserListRow => ({
        username: u.username,
        role: u.role,
        wardId: u.ward_id,
        createdAt: u.created_at,
      })),
    updateUser(username, patch) {
      const sets: string[] = [];
      const args: (string | null)[] = [];
      if (patch.role !== undefined) {
        sets.push('role = ?');
        args.push(patch.role);
      }
      if (patch.wardId !== undefined) {
        sets.push('ward_id = ?');
        args.push(patch.wardId);
      }
      if (patch.passwordHash !== undefined) {
        sets.push('password_hash = ?');
        args.push(patch.passwordHash);
      }
      if (sets.length === 0) {
        return w.prepare('SELECT 1 FROM users WHERE username = ?').get(username) !== undefined;
      }
      const sql = `UPDATE users SET ${sets.join(', ')} WHERE username = ?`;
      return w.prepare(sql).run(...args, username).changes > 0;
    },
    deleteUser: (username) => q.deleteUser.run(username).changes > 0,
    countAdmins: () => Number(q.countAdmins.get()),
    deleteUserSessions: (username) => q.deleteSessions.run(username).changes,
    revokeStation: (id, at) => q.revoke.run(at, id).changes > 0,
    rotateStationCredential: (id, hash) => q.rotate.run(hash, id).changes > 0,
    listAuditPage: (limit, beforeId) =>
      q.auditPage.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as AuditRow[],
  };
}
