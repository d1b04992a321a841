// Every test worker gets its own user configuration and anchor directories, so no test reads or writes
// the signing key or the anchors of the person running the suite (or of another worker).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const home = mkdtempSync(join(tmpdir(), 'evidence-user-'));
process.env.EVIDENCE_CONFIG_DIR ??= join(home, 'config');
process.env.EVIDENCE_ANCHORS_DIR ??= join(home, 'anchors');
