import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where the CLI keeps what must not live in the data directory, so that whoever can write the data
 * directory (or the table) can neither re-sign history nor rewrite its anchors:
 * - the signing key, in the user's configuration directory (`EVIDENCE_CONFIG_DIR`, else
 *   `$XDG_CONFIG_HOME/hipaa-evidence`, else `~/.config/hipaa-evidence`);
 * - the anchors of each store, in the user's data directory (`EVIDENCE_ANCHORS_DIR`, else
 *   `$XDG_DATA_HOME/hipaa-evidence/anchors`, else `~/.local/share/hipaa-evidence/anchors`), one folder
 *   per store named by the store's location.
 */
export interface UserDirs {
  configDir: string;
  anchorsRoot: string;
}

export function userDirs(env: NodeJS.ProcessEnv = process.env): UserDirs {
  const home = env.HOME || homedir();
  const configDir =
    env.EVIDENCE_CONFIG_DIR || join(env.XDG_CONFIG_HOME || join(home, '.config'), 'hipaa-evidence');
  const anchorsRoot =
    env.EVIDENCE_ANCHORS_DIR ||
    join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'hipaa-evidence', 'anchors');
  return { configDir: resolve(configDir), anchorsRoot: resolve(anchorsRoot) };
}

/**
 * The anchor folder of one store: `<root>/<name>-<16 hex of SHA-256(location)>`, where the location is
 * the embedded store's absolute data directory or the endpoint and table. Moving a data directory
 * therefore needs `--anchors` to point at its old folder.
 */
export function storeAnchorDir(
  root: string,
  store: { dataDir: string } | { endpoint: string; table: string },
): string {
  const location =
    'dataDir' in store ? `dir:${resolve(store.dataDir)}` : `dynamodb:${store.endpoint}#${store.table}`;
  const name = ('dataDir' in store ? resolve(store.dataDir).split(/[\\/]/).pop() : store.table) || 'store';
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  return join(root, `${safe}-${createHash('sha256').update(location).digest('hex').slice(0, 16)}`);
}
