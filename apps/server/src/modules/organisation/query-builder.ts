import { regionPrefix } from '@gridvoice/core';

/** Numbered parameters and AND-ed conditions for the repositories' dynamic list queries. */
export class Conditions {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  /** Adds a value and returns its placeholder. */
  p(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; `?` in it are replaced by the values' placeholders, in order. */
  and(sql: string, ...values: unknown[]): this {
    let i = 0;
    this.where.push(sql.replace(/\?/g, () => this.p(values[i++])));
    return this;
  }

  sql(): string {
    return this.where.length ? `WHERE ${this.where.join(' AND ')}` : '';
  }
}

/** `code LIKE '<prefix>%'` for a region and everything below it. */
export const likeWithin = (regionCode: string): string => `${regionPrefix(regionCode)}%`;

/** Escapes LIKE wildcards in user input. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export const orderSql = (order: 'asc' | 'desc'): string => (order === 'desc' ? 'DESC' : 'ASC');
