/**
 * A private key's header: PEM blocks (PKCS#1 and #8, OpenSSH, EC, encrypted, PGP) and PuTTY's key files. The bounded
 * repeat keeps the search linear in the text; written so that this file does not match it itself.
 */
const privateKeyHeader = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d+:/;

/**
 * The private-key header the text holds, if any: a key under a name no secret-file glob knows ("deploy_github",
 * a service account's JSON) is refused by its content.
 */
export function findPrivateKey(text: string): string | undefined {
  return privateKeyHeader.exec(text)?.[0];
}
