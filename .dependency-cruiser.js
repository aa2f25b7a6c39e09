/** Architecture rules, run by `npm test` (npm run lint:deps). */
const { existsSync, readdirSync } = require('node:fs');

const SERVICES = ['auth', 'ws-producer', 'ws-consumer', 'ticketing'];
/** Services that host several bounded contexts, one module folder each (`<service>/<module>/<module>.module.ts`). */
const MODULE_HOSTS = ['ws-consumer'];

const modulesOf = (service) =>
  existsSync(service) ? readdirSync(service, { withFileTypes: true }).filter((entry) => entry.isDirectory() && existsSync(`${service}/${entry.name}/${entry.name}.module.ts`)).map((entry) => entry.name) : [];

module.exports = {
  forbidden: [
    {
      name: 'no-domain-to-outside',
      comment:
        "A domain/ folder (of a service or of a module) imports nothing outside itself (no application, adapters, contracts, tsyringe or drivers) but the kernel's DomainError base, which imports nothing.",
      severity: 'error',
      from: { path: '^(.+)/domain/' },
      to: { pathNot: ['^$1/domain/', '^shared/kernel/domain/'] },
    },
    {
      name: 'kernel-domain-is-pure',
      comment: 'shared/kernel/domain/ is imported by every domain/ folder, so it imports nothing itself.',
      severity: 'error',
      from: { path: '^shared/kernel/domain/' },
      to: { pathNot: ['^shared/kernel/domain/'] },
    },
    {
      name: 'no-application-to-adapters',
      comment: 'Use cases depend on ports, never on the adapters that implement them.',
      severity: 'error',
      from: { path: '^(.+)/application/' },
      to: { path: '^$1/adapters/' },
    },
    {
      name: 'no-adapter-to-adapter',
      comment:
        'Two adapters never depend on each other; where one needs another, there is a port between them. The files of one adapter folder (adapters/inbound/ws/, adapters/outbound/pg/ …) belong together; the in-memory containers of the unit tests (*.container.ts) compose fakes like a main.ts.',
      severity: 'error',
      from: { path: '^(.+)/adapters/(inbound|outbound)/([^/]+)/', pathNot: ['\\.container\\.ts$'] },
      to: { path: '^$1/adapters/', pathNot: ['^$1/adapters/$2/$3/'] },
    },
    ...SERVICES.map((service) => ({
      name: `no-reaching-into-${service}`,
      comment: `Only ${service}/index.ts is public; other services, shared/ and bin/ must not import its internals.`,
      severity: 'error',
      from: { pathNot: [`^${service}/`, '^test/', '^bench/'] },
      to: { path: `^${service}/`, pathNot: [`^${service}/index\\.ts$`] },
    })),
    ...MODULE_HOSTS.flatMap((service) =>
      modulesOf(service).map((module) => ({
        name: `no-reaching-into-${service}-${module}`,
        comment: `A module's public face is ${service}/${module}/${module}.module.ts (its registration function): the service's main.ts and the other modules import nothing else of it.`,
        severity: 'error',
        from: { path: `^${service}/`, pathNot: [`^${service}/${module}/`] },
        to: { path: `^${service}/${module}/`, pathNot: [`^${service}/${module}/${module}\\.module\\.ts$`] },
      })),
    ),
    {
      name: 'kernel-knows-no-contract',
      comment: 'shared/kernel/ is plumbing (config, errors, http, grpc, nats, pg, redis …); the published languages in shared/contracts/ build on it, never the reverse.',
      severity: 'error',
      from: { path: '^shared/kernel/' },
      to: { path: '^shared/contracts/' },
    },
    {
      name: 'shared-kernel-is-service-free',
      comment: 'shared/ is used by services; it never depends on one.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: `^(${SERVICES.join('|')})/` },
    },
    {
      name: 'clients-use-only-contracts',
      comment:
        "client/ (the typed client library, the browser app, the ops page, the CLI) talks to the platform over its public protocol: it imports the published schemas in shared/contracts/ (no server internals, no kernel plumbing), and what runs in a browser imports nothing of Node's.",
      severity: 'error',
      from: { path: '^client/' },
      to: { path: ['^shared/kernel/', `^(${SERVICES.join('|')})/`, '^bin/', '^test/', '^bench/'] },
    },
    {
      name: 'shared-never-imports-clients',
      comment: 'Services and shared code never depend on a client.',
      severity: 'error',
      from: { pathNot: ['^client/', '^bin/', '^test/', '^bench/'] },
      to: { path: '^client/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.test\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
