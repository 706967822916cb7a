/** Password rules (等保 level 3 optionally asks for several character classes). */
export interface PasswordPolicy {
  minLength: number;
  requireCharacterClasses: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, requireCharacterClasses: false };

/** Returns the Chinese reasons the password breaks the policy; empty when it is acceptable. */
export function checkPassword(password: string, policy: PasswordPolicy, username?: string): string[] {
  const problems: string[] = [];
  if ([...password].length < policy.minLength) problems.push(`密码长度至少为 ${policy.minLength} 位`);
  if ([...password].length > 128) problems.push('密码长度不能超过 128 位');
  if (policy.requireCharacterClasses) {
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
    if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、特殊字符中的至少三类');
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('密码不能包含用户名');
  }
  return problems;
}
