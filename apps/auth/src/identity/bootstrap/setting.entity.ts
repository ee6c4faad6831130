import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A setting the auth service generates once and every replica shares (the JWT key when not configured). */
@Entity({ name: 'settings' })
export class SettingEntity {
  @PrimaryColumn('text')
  key: string;

  @Column('text')
  value: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
