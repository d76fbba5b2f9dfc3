import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/service-process';

describe('pnpm demo', () => {
  it('shows each kind of change becoming searchable and a forged delivery refused', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'scripts/demo.ts')],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
        timeout: 90_000,
      },
    );
    expect(stdout).toContain('search "Goodbye" (added src/farewell.ts): 1 hit(s)');
    expect(stdout).toContain('acme/widgets:src/greeting.ts:2: return `Welcome back, ${name}!`;');
    expect(stdout).toContain(
      'search "Hello," (old content of src/greeting.ts: no hits expected): 0 hit(s)',
    );
    expect(stdout).toContain(
      'search "legacy widget" (deleted src/legacy.ts: no hits expected): 0 hit(s)',
    );
    expect(stdout).toContain(
      'acme/widgets:docs/handbook.md:2: Widgets are configured in widgets.json.',
    );
    expect(stdout).toContain('HTTP 401 {"error":"signature_invalid"');
    expect(stdout).toContain('Demo finished');
  }, 120_000);
});
