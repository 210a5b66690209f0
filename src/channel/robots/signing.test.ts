// The signing functions against fixed vectors computed outside regionops (Python's hmac, base64 and
// urllib.parse.quote_plus over the same secret and timestamp), as the vendors' own samples do.
import { describe, expect, it } from 'vitest'
import { dingtalkSign } from './dingtalk'
import { feishuSign } from './feishu'

describe('robot signatures', () => {
  it('DingTalk 加签: URL-encoded base64 of HMAC-SHA256(secret, timestamp + "\\n" + secret)', async () => {
    const secret = 'SEC5f2e0c8b7a6d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f'
    expect(await dingtalkSign(secret, 1767225600000)).toBe('kK3cjoGpxZuyYFTNq%2FeQavgQTUdoMldW0yqEOWnsorw%3D')
  })

  it('Feishu: base64 of HMAC-SHA256 keyed with timestamp + "\\n" + secret over an empty message', async () => {
    expect(await feishuSign('qKqRvFmC8sXhTzWj5LnP2e', 1767225600)).toBe('MBQKOVnj1PRJSxu+3cAj2FwH96px0V08NXthbooq3qE=')
  })
})
