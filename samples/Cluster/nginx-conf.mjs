// Renders samples/Cluster/nginx.conf.template into a directory nginx then runs in as its prefix (its pid file, access
// log and temp files land there), and finds the nginx executable. Used by run.sh (as a command) and by
// interop-tests/cluster/nginx.test.mjs (as a module), so the sample and the test run the same configuration.
//
//   node samples/Cluster/nginx-conf.mjs <dir> <listen host:port> <socket.io nodes> <web nodes>
//     nodes: comma-separated host:port lists; writes <dir>/nginx.conf and prints its path
//
//   import { writeNginxConf, nginxArgs, findNginx } from '../../samples/Cluster/nginx-conf.mjs';

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPLATE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'nginx.conf.template');

function serverLines(servers) {
  if (!servers.length) throw new Error('an upstream needs at least one server');
  return servers.map((s) => `        server ${s};`).join('\n');
}

/** The configuration text: the template with its placeholders filled. */
export function renderNginxConf({ listen, servers, webServers }) {
  const text = readFileSync(TEMPLATE, 'utf8')
    .replace(/^(\s*listen\s+)@@LISTEN@@;/m, `$1${listen};`)
    .replace(/^[ \t]*@@SERVERS@@[ \t]*$/m, serverLines(servers))
    .replace(/^[ \t]*@@WEB_SERVERS@@[ \t]*$/m, serverLines(webServers));
  const left = text.split('\n').filter((line) => !line.trimStart().startsWith('#') && line.includes('@@'));
  if (left.length) throw new Error(`placeholders left in ${TEMPLATE}: ${left.join(' | ')}`);
  return text;
}

/**
 * Writes `<dir>/nginx.conf`. When nginx starts as root its workers run as an unprivileged user (nobody), which must
 * be able to reach the temp directories nginx creates in `dir`: hence 0755 (mkdtemp makes 0700).
 */
export function writeNginxConf(dir, options) {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  const file = path.join(dir, 'nginx.conf');
  writeFileSync(file, renderNginxConf(options));
  return file;
}

/** nginx's arguments: `dir` as the prefix, in the foreground, errors on stderr (before the config is read, too). */
export function nginxArgs(dir) {
  return ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr', '-g', 'daemon off;'];
}

/** The nginx executable ($NGINX, then the PATH, then /usr/sbin/nginx); throws when there is none. */
export function findNginx() {
  if (process.env.NGINX) return process.env.NGINX;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  throw new Error('nginx is not installed (not on the PATH, not /usr/sbin/nginx, $NGINX not set): ' +
    'apt-get install nginx, or run ./test.sh, which installs it');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, listen, servers, webServers] = process.argv.slice(2);
  if (!dir || !listen || !servers || !webServers) {
    console.error('usage: node nginx-conf.mjs <dir> <listen host:port> <host:port,...> <web host:port,...>');
    process.exit(2);
  }
  writeNginxConf(path.resolve(dir), {
    listen, servers: servers.split(',').filter(Boolean), webServers: webServers.split(',').filter(Boolean),
  });
  console.log(path.join(path.resolve(dir), 'nginx.conf'));
}
