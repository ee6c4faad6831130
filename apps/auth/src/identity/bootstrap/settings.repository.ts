import { Injectable } from '@nestjs/common';
import { IdentityTransactions } from '../shared/identity.transactions';

/** Values generated once and shared by every replica and restart (first writer wins). */
@Injectable()
export class SettingsRepository {
  constructor(private readonly db: IdentityTransactions) {}

  /** The stored value of `key`; when there is none yet, stores `candidate` unless a racing replica stored one first. */
  async getOrCreate(key: string, candidate: string): Promise<string> {
    await this.db.manager.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, candidate]);
    const rows: Array<{ value: string }> = await this.db.manager.query('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0].value;
  }
}
