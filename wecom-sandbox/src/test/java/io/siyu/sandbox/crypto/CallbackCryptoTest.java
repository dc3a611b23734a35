package io.siyu.sandbox.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The official WXBizMsgCrypt vectors (doc 90968) and a full-block padding vector. */
class CallbackCryptoTest {

  static final String TOKEN = "QDG6eK";
  static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
  static final String CORP = "wx5823bf96d3bd56c7";
  final CallbackCrypto crypto = new CallbackCrypto(TOKEN, KEY, CORP);

  @Test
  void urlVerificationVector() {
    String echostr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    assertThat(crypto.verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", echostr)).isTrue();
    assertThat(crypto.decrypt(echostr)).isEqualTo("1616140317555161061");
    assertThat(crypto.encrypt("c41b64491c2468d0", "1616140317555161061")).isEqualTo(echostr);
  }

  @Test
  void encryptedMessageVectorRoundTripsByteForByte() {
    String encrypt = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    String plain = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n"
        + "<FromUserName><![CDATA[mycreate]]></FromUserName>\n"
        + "<CreateTime>1409659813</CreateTime>\n"
        + "<MsgType><![CDATA[text]]></MsgType>\n"
        + "<Content><![CDATA[hello]]></Content>\n"
        + "<MsgId>4561255354251345929</MsgId>\n"
        + "<AgentID>218</AgentID>\n"
        + "</xml>";
    assertThat(crypto.verify("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", encrypt)).isTrue();
    assertThat(crypto.decrypt(encrypt)).isEqualTo(plain);
    assertThat(crypto.encrypt("0960688932c47ef1", plain)).isEqualTo(encrypt);
  }

  @Test
  void deterministicMpVector() {
    CallbackCrypto mp = new CallbackCrypto("pamtest", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wxb11529c136998cb6");
    String enc = mp.encrypt("aaaabbbbccccdddd", "我是中文abcd123");
    assertThat(enc).isEqualTo("jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
    assertThat(mp.sign("1409304348", "xxxxxx", enc)).isEqualTo("82c962d39941aa48552f90ef55aa323dc620cc10");
  }

  @Test
  void fullBlockPaddingVector() {
    String plain = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[wmTESTEXTERNAL0001]]></ExternalUserID><State><![CDATA[teststate]]></State><WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>";
    String expected = "sKqRbbiSUnDhFHOvPjtUMW+S2WQ7+nvthErfIyN/1JIUGbY9KFq0e6M++eWj+dv/i+NQkMlqx4rPSt/uOHTXSFZ1icLS+7mALJSaIYoyUoakf4ZGK3mXHP1D55r1IKKmEHKOPA2TsaQDckx7vJDKc/i1uRJ2+3V7agXqh4qHsMZLDH9csKqXOXtjhEq/mBxTMr7HinaqLPNxPobOVz4CihalEFXDcYPMEsnXedKUCxvEmLIcxpEWgBq3ZCiFM2udm7FavGZZAZdkUSyFcw3q5kE9r4mV+mHGflqKbiMqvlYKXSamWPmDsege+KisVBmC419Q5KuAPkpuIjnuSYcdrrRPIVBNACZ/ukpnrUAuZCW5YN7Gov9UlSRPWxJ/OfP7KRsrPJHqRlNgdyBFhbLh3qnq9dNwonLgbOZ4Txr2aJWplfNk06gBNImE3l00O4cNnGFckKYVdQVheD2+DFDAD+noEpPzc0CB/IVSGH2NwYP2K03N+KWA5wNiW8SDwpZEgXdpPuHzOOy2hc+KPQxsTgqoRvou+sIs+G+BoC4klTTnn48lSjYO0YtZiVBDlFk4w4GS/LNzesCgNPey7F1bd84zsq5TTaSh4rk2PqqDjWIXA7JH+kEdZgH8BCDf8LbYBNuTYgoMcqrfpX7334b/97q0xdjYmdqp+Z4by4k2vtjOb5xKQP72rPY8JWlbQ+7e2Mla8DAqN9qtsd5nVN2Q+A==";
    assertThat(crypto.encrypt("0123456789abcdef", plain)).isEqualTo(expected);
    assertThat(crypto.decrypt(expected)).isEqualTo(plain);
    assertThat(crypto.sign("1700000000", "1234567890", expected)).isEqualTo("bc34e16568008cd171fb6db346c95fd4d0ee4762");
  }

  @Test
  void rejectsForeignReceiveId() {
    String enc = new CallbackCrypto(TOKEN, KEY, "wwother").encrypt("0123456789abcdef", "x");
    assertThatThrownBy(() -> crypto.decrypt(enc)).hasMessageContaining("receiveid");
  }
}
