import type pg from 'pg';
import type { Role } from '@wardwatch/shared';
import type { AuditRow, SecurityStore, UserListRow } from '../security-store.js';
import { params } from './pg-db.js';

/** Users, station credentials and the audit log for PostgreSQL. */
export function pgSecurityQueries(pool: pg.Pool): SecurityStore {
  const changed = async (text: string, values: unknown[]) =>
    (await pool.query(text, values)).rowCount ?? 0;

  return {
    listUsers: async () =>
      (
        await pool.query<{
          username: string;
          role: Role;
          ward_id: string | null;
          created_at: number;
        }>('SELECT username, role, ward_id, created_at FROM users ORDER BY username COLLATE "C"')
      ).rows.map((u): UserListRow => ({
        username: u.username,
        role: u.role,
        wardId: u.ward_id,
        createdAt: u.created_at,
      })),
    async updateUser(username, patch) {
      const sets: string[] = [];
      const { args, p } = params();
      if (patch.role !== undefined) sets.push(`role = ${p(patch.role)}`);
      if (patch.wardId !== undefined) sets.push(`ward_id = ${p(patch.wardId)}`);
      if (patch.passwordHash !== undefined) sets.push(`password_hash = ${p(patch.passwordHash)}`);
      if (sets.length === 0) {
        return (await changed('SELECT 1 FROM users WHERE username = $1', [username])) > 0;
      }
      const sql = `UPDATE users SET ${sets.join(', ')} WHERE username = ${p(username)}`;
      return (await changed(sql, args)) > 0;
    },
    deleteUser: async (username) =>
      (await changed('DELETE FROM users WHERE username = $1', [username])) > 0,
    countAdmins: async () =>
      (await pool.query<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'"))
        .rows[0]?.n ?? 0,
    deleteUserSessions: (username) =>
      changed('DELETE FROM sessions WHERE username = $1', [username]),
    revokeStation: async (id, at) =>
      (await changed('UPDATE stations SET revoked_at = $1 WHERE id = $2', [at, id])) > 0,
    rotateStationCredential: async (id, hash) =>
      (await changed('UPDATE stations SET credential_hash = $1, revoked_at = NULL WHERE id = $2', [
        hash,
        id,
      ])) > 0,
    listAuditPage: async (limit, beforeId) =>
      (
        await pool.query<AuditRow>(
          'SELECT id, at, username, action, detail FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT $2',
          [beforeId ?? Number.MAX_SAFE_INTEGER, limit],
        )
      ).rows,
  };
}
