import { describe, expect, it } from 'vitest';
import { splitGlobalOptions } from '../../main/cli/global-options.ts';
import { defaultDataDir, resolveDataDir } from '../../main/cli/data-dir.ts';

describe('splitGlobalOptions', () => {
  it('lifts global options from before and after the command, keeping the rest in order', () => {
    expect(splitGlobalOptions(['--json', 'send', 'a', '--data-dir', '/d', '--all'])).toMatchObject({
      command: 'send',
      rest: ['a', '--all'],
      dataDir: '/d',
      json: true,
    });
    expect(splitGlobalOptions(['--data-dir=/e', 'sessions']).dataDir).toBe('/e');
  });

  it('stops lifting at "--", so a file may be named like an option', () => {
    expect(splitGlobalOptions(['prepare', '--', '--json'])).toMatchObject({ json: false, rest: ['--', '--json'] });
  });

  it('refuses --data-dir without a folder and unknown options before the command', () => {
    expect(() => splitGlobalOptions(['--data-dir'])).toThrow(/--data-dir needs a folder/);
    expect(() => splitGlobalOptions(['--colour', 'send'])).toThrow(/Unknown option --colour before the command/);
  });
});

describe('the data dir', () => {
  it('is the OS app-data folder by default', () => {
    expect(defaultDataDir('linux', {}, '/home/u')).toBe('/home/u/.config/xfer');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/xfer');
    expect(defaultDataDir('darwin', {}, '/Users/u')).toBe('/Users/u/Library/Application Support/xfer');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u')).toMatch(
      /Roaming.xfer$/,
    );
  });

  it('prefers --data-dir, then XFER_DATA_DIR', () => {
    expect(resolveDataDir('/flag', { XFER_DATA_DIR: '/env' }, 'linux')).toBe('/flag');
    expect(resolveDataDir(null, { XFER_DATA_DIR: '/env' }, 'linux')).toBe('/env');
  });
});
