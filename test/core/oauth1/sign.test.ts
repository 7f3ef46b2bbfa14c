// The signer against published vectors (X's "Creating a signature" guide, RFC 5849) and
// properties that must hold for any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  baseStringUri,
  hmacSha1,
  normalizeParameters,
  oauthParameters,
  parseAuthorizationHeader,
  percentDecode,
  percentEncode,
  queryPairs,
  signatureBaseString,
  signedAuthorization,
  signingKey,
  signRequest,
  type Pair,
  type SigningContext,
} from '../../../main/core/oauth1/index.ts';

// Reference §4: X's "Creating a signature" example.
const xContext: SigningContext = {
  consumer: { consumerKey: 'xvz1evFS4wEEPTGEFPHBog', consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw' },
  token: {
    token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
    tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
  },
  nonce: 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
  timestamp: 1318622958,
};
const xStatus: Pair = ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'];
const xUrl = (host: string) => `https://${host}/1.1/statuses/update.json?include_entities=true`;

describe("X's signature vector", () => {
  it('normalizes the parameters as X publishes them', () => {
    const params = [...queryPairs(xUrl('api.twitter.com')), xStatus, ...Object.entries(oauthParameters(xContext))];
    expect(normalizeParameters(params)).toBe(
      'include_entities=true&oauth_consumer_key=xvz1evFS4wEEPTGEFPHBog&oauth_nonce=kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg' +
        '&oauth_signature_method=HMAC-SHA1&oauth_timestamp=1318622958' +
        '&oauth_token=370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb&oauth_version=1.0' +
        '&status=Hello%20Ladies%20%2B%20Gentlemen%2C%20a%20signed%20OAuth%20request%21',
    );
  });

  it('builds the signature base string X publishes', () => {
    const params = [...queryPairs(xUrl('api.twitter.com')), xStatus, ...Object.entries(oauthParameters(xContext))];
    expect(signatureBaseString('post', xUrl('api.twitter.com'), params)).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue' +
        '%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg' +
        '%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958' +
        '%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0' +
        '%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
  });

  it('builds the signing key from both secrets', () => {
    expect(signingKey(xContext.consumer.consumerSecret, xContext.token?.tokenSecret)).toBe(
      'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
    );
  });

  it('signs the api.twitter.com request as hCtSmYh+iHYCEqBWrE7C7hYmtUk=', () => {
    const signed = signRequest({ method: 'POST', url: xUrl('api.twitter.com'), formParams: [xStatus] }, xContext);
    expect(signed.oauth_signature).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('signs the api.x.com request as Ls93hJiZbQ3akF3HF3x1Bz8/zU4=', () => {
    const signed = signRequest({ method: 'POST', url: xUrl('api.x.com'), formParams: [xStatus] }, xContext);
    expect(signed.oauth_signature).toBe('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=');
  });

  it("percent-encodes X's examples", () => {
    expect(percentEncode('Ladies + Gentlemen')).toBe('Ladies%20%2B%20Gentlemen');
    expect(percentEncode('An encoded string!')).toBe('An%20encoded%20string%21');
    expect(percentEncode('Dogs, Cats & Mice')).toBe('Dogs%2C%20Cats%20%26%20Mice');
    expect(percentEncode('☃')).toBe('%E2%98%83');
  });
});

// RFC 5849 §3.4.1.1: the example request (its oauth_signature value is not checked: the RFC
// gives no secrets for it).
const rfcUrl = 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b';
const rfcBody = 'c2&a3=2+q';
const rfcHeader =
  'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
  'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
  'oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"';

function rfcParameters(): Pair[] {
  const header = parseAuthorizationHeader(rfcHeader);
  if (!header.ok) throw new Error(header.reason);
  const oauth = Object.entries(header.params).filter(([name]) => name !== 'oauth_signature');
  const form = [...new URLSearchParams(rfcBody)];
  return [...queryPairs(rfcUrl), ...form, ...oauth];
}

describe('RFC 5849 examples', () => {
  it('§3.4.1.3.2: normalizes the example parameters', () => {
    expect(normalizeParameters(rfcParameters())).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2' +
        '&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
  });

  it('§3.4.1.1: builds the example signature base string', () => {
    expect(signatureBaseString('POST', rfcUrl, rfcParameters())).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q' +
        '%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_' +
        'key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_m' +
        'ethod%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk' +
        '9d7dh3k39sjv7',
    );
  });

  it('§3.4.1.2: lower-cases scheme and host, drops the default port, query and fragment', () => {
    expect(baseStringUri('http://EXAMPLE.COM:80/r%20v/X?id=123')).toBe('http://example.com/r%20v/X');
    expect(baseStringUri('https://www.example.net:8080/?q=1')).toBe('https://www.example.net:8080/');
  });

  it('§1.2: signs the photos example as MdpQcU8iPSUjWoN/UDMsK2sui9I=', () => {
    // RFC 5849's example sends no oauth_version, so the base string is built from its parameters.
    const url = 'http://photos.example.net/photos?file=vacation.jpg&size=original';
    const params: Pair[] = [
      ...queryPairs(url),
      ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
      ['oauth_token', 'nnch734d00sl2jdk'],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131202'],
      ['oauth_nonce', 'chapoH'],
    ];
    const base = signatureBaseString('GET', url, params);
    expect(base).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
    expect(hmacSha1(signingKey('kd94hf93k423kf44', 'pfkkdhi9sl3r4s00'), base)).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
  });
});

describe('signing properties', () => {
  const unreserved = /^[A-Za-z0-9\-._~%]*$/;
  // Whole code points only: a lone surrogate is not a string X could receive.
  const text = fc.string({ unit: 'grapheme', maxLength: 40 });
  const pair = fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }), text);

  it('percent-encoding round-trips through decoding for any string', () => {
    fc.assert(
      fc.property(text, (value) => {
        const encoded = percentEncode(value);
        expect(encoded).toMatch(unreserved);
        expect(percentDecode(encoded)).toBe(value);
      }),
    );
  });

  it('the order of parameters never changes the signature', () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 8 }), fc.nat(), (params, seed) => {
        // A rotation and a reversal: a different order for any seed.
        const turn = params.length === 0 ? 0 : seed % params.length;
        const shuffled: Pair[] = [...params.slice(turn), ...params.slice(0, turn)].reverse();
        const url = 'https://upload.twitter.com/1.1/media/upload.json';
        const a = signRequest({ method: 'POST', url, formParams: params }, xContext).oauth_signature;
        const b = signRequest({ method: 'POST', url, formParams: shuffled }, xContext).oauth_signature;
        expect(a).toBe(b);
      }),
    );
  });

  it('a body that is not form-encoded is never part of the signature', () => {
    // The signer only sees formParams: the same request signs identically whatever
    // multipart or JSON body travels with it, and any form field changes the signature.
    fc.assert(
      fc.property(pair, (field) => {
        const url = 'https://api.x.com/2/media/upload/123/append';
        const bare = signRequest({ method: 'POST', url }, xContext).oauth_signature;
        const again = signRequest({ method: 'POST', url, formParams: [] }, xContext).oauth_signature;
        const withForm = signRequest({ method: 'POST', url, formParams: [field] }, xContext).oauth_signature;
        expect(again).toBe(bare);
        expect(withForm).not.toBe(bare);
      }),
    );
  });

  it('a query parameter is always part of the signature', () => {
    fc.assert(
      fc.property(pair, ([name, value]) => {
        const url = 'https://api.x.com/2/media/upload';
        const withQuery = `${url}?${new URLSearchParams([[name, value]])}`;
        const bare = signRequest({ method: 'GET', url }, xContext).oauth_signature;
        expect(signRequest({ method: 'GET', url: withQuery }, xContext).oauth_signature).not.toBe(bare);
      }),
    );
  });

  it('a fresh nonce or timestamp gives a fresh signature', () => {
    const request = { method: 'GET', url: 'https://api.x.com/2/users/me' };
    const first = signRequest(request, xContext).oauth_signature;
    expect(signRequest(request, { ...xContext, nonce: 'other' }).oauth_signature).not.toBe(first);
    expect(signRequest(request, { ...xContext, timestamp: xContext.timestamp + 1 }).oauth_signature).not.toBe(first);
  });

  it('the Authorization header carries every oauth parameter, encoded, and parses back', () => {
    const header = signedAuthorization({ method: 'POST', url: xUrl('api.x.com'), formParams: [xStatus] }, xContext);
    expect(header).toContain('oauth_signature="Ls93hJiZbQ3akF3HF3x1Bz8%2FzU4%3D"');
    const parsed = parseAuthorizationHeader(header);
    expect(parsed).toEqual({
      ok: true,
      params: signRequest({ method: 'POST', url: xUrl('api.x.com'), formParams: [xStatus] }, xContext),
    });
  });
});
