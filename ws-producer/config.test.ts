import { loadProducerConfig } from './config';

describe('the edge\'s settings for the browser app', () => {
  it('takes http(s) URLs for the other APIs, without a trailing slash; empty or unset is "the page\'s own host"', () => {
    const config = loadProducerConfig({ PUBLIC_AUTH_URL: 'https://auth.example.com/', PUBLIC_CORE_URL: '' });
    expect(config.PUBLIC_AUTH_URL).toBe('https://auth.example.com');
    expect(config.PUBLIC_CORE_URL).toBeUndefined();
    expect(config.PUBLIC_TICKETING_URL).toBeUndefined();
  });

  it('stops on anything else with one line naming the variable', () => {
    expect(() => loadProducerConfig({ PUBLIC_TICKETING_URL: 'tickets.example.com' })).toThrow(/PUBLIC_TICKETING_URL .*expected an http\(s\) URL/);
  });
});
