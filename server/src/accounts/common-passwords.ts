/**
 * Passwords too common to allow, whatever their length: the long entries of public breach
 * frequency lists, plus patterns people reach for when told "at least 10 characters".
 */
const COMMON = `
1234567890 12345678910 123456789a 1234567890a 0123456789 0987654321 1111111111 0000000000 1234512345
123123123123 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc qwertyuiop qwertyuiop1 qwerty1234 qwerty12345 qwerty123456
asdfghjkl1 asdfghjkl; zxcvbnm123 password12 password123 password1234 password12345 password123! passw0rd12
p@ssw0rd12 p@ssword123 passwordpassword iloveyou12 iloveyou123 princess12 sunshine12 football12 baseball12
football123 basketball basketball1 superman12 starwars12 trustno1trustno1 letmein123 letmeinplease welcome123
welcome1234 welcometo1 administrator admin12345 admin123456 adminadmin administrator1 changeme123 changeme12
abcdefghij abcdefg123 abc1234567 abcd123456 aaaaaaaaaa qazwsxedcrfv 123qweasdzxc q1w2e3r4t5 q1w2e3r4t5y6
monkey1234 dragon1234 master1234 michael123 jennifer12 jordan2323 charlie123 shadow1234 freedom123 whatever12
computer12 computer123 internet12 chocolate1 chocolate12 butterfly1 pokemon123 minecraft1 minecraft12 fortnite12
liverpool1 chelsea123 arsenal123 manchester mustang123 harley1234 ginger1234 summer2024 summer2025 summer2026
winter2024 winter2025 winter2026 spring2025 autumn2025 january2025 password2024 password2025 password2026
secret1234 secretpassword mypassword mypassword1 mypassword123 thisismypassword yourpassword nopassword
default123 guest12345 test123456 testtest12 testing123 tester1234 user123456 login12345 access1234 hello12345
helloworld helloworld1 loveyou123 lovelove12 babygirl12 anthony123 michelle12 victoria12 1234qwer!@ qwer1234!@
zaq12wsxcde 9876543210 1029384756 5555555555 7777777777 8888888888 9999999999 1212121212 1231231231 6969696969
`;

const COMMON_SET = new Set(COMMON.split(/\s+/).filter(Boolean));

/** True for a password on the list, or made of one character or one short run repeated. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_SET.has(lower)) return true;
  if (/^(.{1,4})\1+$/.test(lower)) return true; // "aaaaaaaaaa", "abcabcabcabc", "12121212121"
  const digitsOnly = /^\d+$/.test(lower);
  if (digitsOnly && ('01234567890123456789'.includes(lower) || '98765432109876543210'.includes(lower))) return true;
  return false;
}
