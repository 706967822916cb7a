/** Masking of personal data for lists and logs. */

/** 13812341234 → 138****1234; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return '*'.repeat(digits.length);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; Latin names keep their first letter. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** 18-digit resident ID → first 6 and last 4 kept. */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 10) return '*'.repeat(s.length);
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}

/** Addresses keep their first six characters (usually town and village). */
export function maskAddress(address: string): string {
  const chars = [...address.trim()];
  if (chars.length <= 6) return chars.length <= 2 ? '*'.repeat(chars.length) : `${chars.slice(0, 2).join('')}****`;
  return `${chars.slice(0, 6).join('')}****`;
}

export type PersonalFieldKind = 'phone' | 'id_number' | 'address' | 'name';

export function maskPersonal(kind: PersonalFieldKind, value: string): string {
  switch (kind) {
    case 'phone':
      return maskPhone(value);
    case 'id_number':
      return maskIdNumber(value);
    case 'address':
      return maskAddress(value);
    case 'name':
      return maskName(value);
  }
}

/** Mainland mobile numbers and landlines (with area code). */
export function isValidPhone(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}
