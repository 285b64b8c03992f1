// The NuGet packages as a user gets them: SocketIo.Server, SocketIo.Adapter.Redis and SocketIo.Server.JwtBearer are
// packed into a temporary feed, a fresh ASP.NET Core app (interop-tests/packaging/host-app) references the first two
// by version from that feed, with a packages folder of its own so that no cached copy can stand in for a broken
// package, and a real socket.io-client connects to it through Redis-adapted Socket.IO and gets an ack.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { io } from 'socket.io-client';

import { startRedis } from '../support/redis.mjs';
import { REPO_ROOT, startServer } from '../support/server.mjs';
import { zipEntries, zipEntry } from '../support/zip-entries.mjs';

const PACKAGES = ['SocketIo.Server', 'SocketIo.Adapter.Redis', 'SocketIo.Server.JwtBearer'];
const HOST_REFERENCES = ['SocketIo.Server', 'SocketIo.Adapter.Redis'];
const SETUP_TIMEOUT_MS = 240_000;
const COMMAND_OUTPUT_LIMIT = 64 * 1024 * 1024;

/** Runs a command to completion; rejects with its output when it fails. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: COMMAND_OUTPUT_LIMIT, ...options }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`\`${command} ${args.join(' ')}\` failed (${error.code ?? error.signal}):\n${stdout}\n${stderr}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

const dotnetEnv = (extra = {}) => ({
  ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1', ...extra,
});

/** Packs one src/ project into `feed`, reusing its Release build when there is one (./test.sh builds first). */
async function pack(name, feed) {
  const project = path.join(REPO_ROOT, 'src', name, `${name}.csproj`);
  const built = existsSync(path.join(REPO_ROOT, 'src', name, 'bin', 'Release', 'net10.0', `${name}.dll`));
  await run('dotnet', ['pack', project, '-c', 'Release', '-o', feed, '--disable-build-servers', ...(built ? ['--no-build'] : [])],
    { env: dotnetEnv() });
}

function hostProject(version) {
  const references = HOST_REFERENCES
    .map((id) => `    <PackageReference Include="${id}" Version="${version}" />`).join('\n');
  return `<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
${references}
  </ItemGroup>
</Project>
`;
}

// The user's configured feeds stay (no <clear/>): the packed feed is added next to them.
const nugetConfig = (feed) => `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="packed-socketiosharp" value="${feed}" />
  </packageSources>
</configuration>
`;

function nextEvent(socket, event, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (value) => { clearTimeout(timer); resolve(value); });
  });
}

describe('NuGet packages: packed, restored by a fresh app, and used by a real client', function () {
  let work;
  let feed;
  let version;
  let redis;
  let host;
  let client;

  before(async function () {
    this.timeout(SETUP_TIMEOUT_MS);
    work = mkdtempSync(path.join(os.tmpdir(), 'socketiosharp-packaging-'));
    feed = path.join(work, 'feed');
    mkdirSync(feed);
    for (const name of PACKAGES) await pack(name, feed);

    const serverPackage = readdirSync(feed).find((f) => /^SocketIo\.Server\.\d.*\.nupkg$/.test(f));
    assert.ok(serverPackage, `no SocketIo.Server package in ${readdirSync(feed).join(', ')}`);
    version = serverPackage.slice('SocketIo.Server.'.length, -'.nupkg'.length);

    const app = path.join(work, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'PackagedHost.csproj'), hostProject(version));
    writeFileSync(path.join(app, 'nuget.config'), nugetConfig(feed));
    copyFileSync(path.join(REPO_ROOT, 'interop-tests', 'packaging', 'host-app', 'Program.cs'), path.join(app, 'Program.cs'));
    await run('dotnet', ['build', app, '-c', 'Release', '--disable-build-servers'],
      { cwd: app, env: dotnetEnv({ NUGET_PACKAGES: path.join(work, 'packages') }) });

    redis = await startRedis();
    host = await startServer({
      name: 'PackagedHost',
      command: 'dotnet',
      args: [path.join(app, 'bin', 'Release', 'net10.0', 'PackagedHost.dll')],
      probePath: '/health',
      env: { REDIS_URL: redis.url },
    });
  });

  after(async function () {
    this.timeout(30_000);
    client?.close();
    await host?.stop();
    await redis?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  for (const name of PACKAGES) {
    it(`${name}: the .nupkg holds the assembly, its XML docs and the README; the .snupkg holds the .pdb`, function () {
      const nupkg = path.join(feed, `${name}.${version}.nupkg`);
      const entries = zipEntries(nupkg);
      for (const expected of ['README.md', `lib/net10.0/${name}.dll`, `lib/net10.0/${name}.xml`]) {
        assert.ok(entries.includes(expected), `${name}.nupkg lacks ${expected}: ${entries.join(', ')}`);
      }
      const nuspec = zipEntry(nupkg, `${name}.nuspec`).toString('utf8');
      assert.match(nuspec, /<license type="expression">MIT<\/license>/);
      assert.match(nuspec, /<readme>README\.md<\/readme>/);
      assert.match(nuspec, /<authors>SocketIoSharp contributors<\/authors>/);
      assert.match(nuspec, /<repository type="git" url="https:\/\/[^"]+"/);

      const snupkg = path.join(feed, `${name}.${version}.snupkg`);
      assert.ok(existsSync(snupkg), `${snupkg} was not produced`);
      assert.ok(zipEntries(snupkg).includes(`lib/net10.0/${name}.pdb`), `${name}.snupkg lacks its .pdb`);
    });
  }

  it('the app built on the packages serves socket.io-client 4.x through the Redis adapter, with an ack', async function () {
    client = io(host.url, { reconnection: false, transports: ['polling', 'websocket'] });
    await nextEvent(client, 'connect');
    const answer = await client.timeout(10_000).emitWithAck('hello', 'packaging');
    assert.deepEqual(answer, { greeting: 'hello packaging', adapter: 'ClassicRedisAdapter', servers: 1 });
  });
});
