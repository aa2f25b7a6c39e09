import { otherServicesDocs } from './docs-links';

describe('otherServicesDocs (the links at the top of each Swagger page)', () => {
  it('links to the three other services, at localhost and their default ports when no URL is set', () => {
    const links = otherServicesDocs('ws-consumer', {});
    expect(links.match(/\]\([^)]+\)/g)).toEqual(['](http://localhost:8080/docs)', '](http://localhost:8081/docs)', '](http://localhost:8083/docs)']);
  });

  it('uses the configured PUBLIC_*_URL where one is set', () => {
    const links = otherServicesDocs('auth', { PUBLIC_TICKETING_URL: 'https://tickets.example.com' });
    expect(links).toContain('](https://tickets.example.com/docs)');
    expect(links).toContain('](http://localhost:8082/docs)');
    expect(links).not.toContain('8080');
  });
});
