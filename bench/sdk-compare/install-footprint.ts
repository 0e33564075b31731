// Install footprint of ccpulse and of the Genesys SDK, read from this checkout: the dependency closure
// is walked in package-lock.json ("packages", with node's lookup from each package's folder upward,
// following dependencies, optionalDependencies and non-optional peerDependencies — what `npm ls
// --omit=dev --all` lists), and sizes are the summed apparent sizes of the files in each installed
// package folder (nested node_modules excluded: those are packages of their own in the closure).
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockPackage {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Footprint {
  /** Installed packages in the production dependency closure (the package itself not counted). */
  dependencies: number;
  dependencyMiB: number;
  /** The package's own files: ccpulse's published ones (package.json "files" + package.json), the SDK's folder. */
  ownMiB: number;
  totalMiB: number;
  /** The three biggest packages of the closure. */
  largest: { name: string; MiB: number }[];
}

export interface InstallFootprint {
  ccpulse: Footprint;
  sdk: Footprint & { version: string };
  /** sdk / ccpulse. */
  ratios: { dependencies: number; totalSize: number };
  method: string;
}

const SDK_PATH = 'node_modules/purecloud-platform-client-v2';
const mib = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));

export function measureInstallFootprint(root: string): InstallFootprint {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockPackage>;
  };
  const ccpulseDeps = closure(root, lock.packages, '');
  const sdkDeps = closure(root, lock.packages, SDK_PATH);
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
  const ccpulseOwn = (seen: Set<string>) =>
    ['package.json', ...(rootManifest.files ?? [])].reduce((s, f) => s + folderBytes(join(root, f), seen), 0);
  const ccpulse = footprint(root, ccpulseDeps, ccpulseOwn);
  const sdk = footprint(root, sdkDeps, (seen) => folderBytes(join(root, SDK_PATH), seen));
  return {
    ccpulse,
    sdk: { ...sdk, version: lock.packages[SDK_PATH]?.version ?? 'not installed' },
    ratios: {
      dependencies: Number((sdk.dependencies / Math.max(1, ccpulse.dependencies)).toFixed(2)),
      totalSize: Number((sdk.totalMiB / Math.max(0.1, ccpulse.totalMiB)).toFixed(2)),
    },
    method:
      'Dependency closure walked in package-lock.json from package.json "dependencies" (ccpulse) or from ' +
      `${SDK_PATH} (the SDK), following dependencies, optional and non-optional peer dependencies with ` +
      "node's lookup; counted when installed. Sizes: summed apparent file sizes of each package folder " +
      '(nested node_modules excluded; a hard-linked file counted once, as du does). ccpulse own = package.json + its "files" (bin, dist: the build ' +
      'must exist); SDK own = its package folder.',
  };
}

function footprint(root: string, paths: Set<string>, own: (seen: Set<string>) => number): Footprint {
  const seen = new Set<string>();
  const ownBytes = own(seen);
  const sizes = [...paths].map((p) => ({
    name: p.slice(p.lastIndexOf('node_modules/') + 13),
    bytes: folderBytes(join(root, p), seen),
  }));
  const dependencyBytes = sizes.reduce((sum, s) => sum + s.bytes, 0);
  return {
    dependencies: paths.size,
    dependencyMiB: mib(dependencyBytes),
    ownMiB: mib(ownBytes),
    totalMiB: mib(dependencyBytes + ownBytes),
    largest: sizes
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 3)
      .map((s) => ({ name: s.name, MiB: mib(s.bytes) })),
  };
}

/** Lock paths of every installed package `start` depends on, transitively. */
function closure(root: string, packages: Record<string, LockPackage>, start: string): Set<string> {
  const found = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const from = queue.pop() as string;
    const pkg = packages[from];
    if (!pkg) continue;
    const optionalPeer = (name: string) => pkg.peerDependenciesMeta?.[name]?.optional === true;
    const names = [
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.optionalDependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}).filter((n) => !optionalPeer(n)),
    ];
    for (const name of names) {
      const path = resolve(packages, from, name);
      if (!path || found.has(path) || !existsSync(join(root, path))) continue;
      found.add(path);
      queue.push(path);
    }
  }
  found.delete(start);
  return found;
}

/** Node's lookup: `from`/node_modules/name, then each enclosing node_modules up to the root. */
function resolve(packages: Record<string, LockPackage>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

/** Apparent bytes of a file or folder; a hard-linked file counts once per `seen` (as du does). */
function folderBytes(path: string, seen: Set<string>): number {
  if (!existsSync(path)) return 0;
  const stat = lstatSync(path);
  if (stat.isFile()) {
    const inode = `${stat.dev}:${stat.ino}`;
    if (seen.has(inode)) return 0;
    seen.add(inode);
    return stat.size;
  }
  if (!stat.isDirectory()) return 0;
  let sum = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' && entry.isDirectory()) continue;
    sum += folderBytes(join(path, entry.name), seen);
  }
  return sum;
}
