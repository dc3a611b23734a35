package io.siyu.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** WeCom's official test vectors (docs/wecom-api.md §3.1) and the full-block padding case. */
class CallbackCryptoTest {

	static final String TOKEN = "QDG6eK";

	static final String KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";

	final CallbackCrypto crypto = new CallbackCrypto(TOKEN, KEY);

	@Test
	void urlVerificationVector() {
		String echostr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
		assertThat(crypto.verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", echostr)).isTrue();
		CallbackCrypto.Decrypted decrypted = crypto.decrypt(echostr);
		assertThat(decrypted.message()).isEqualTo("1616140317555161061");
		assertThat(decrypted.receiveId()).isEqualTo("wx5823bf96d3bd56c7");
	}

	@Test
	void encryptedMessageVector() {
		String encrypted = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
		assertThat(crypto.verify("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", encrypted)).isTrue();
		CallbackCrypto.Decrypted decrypted = crypto.decrypt(encrypted);
		assertThat(decrypted.receiveId()).isEqualTo("wx5823bf96d3bd56c7");
		assertThat(CallbackXml.parse(decrypted.message())).containsEntry("Content", "hello")
			.containsEntry("FromUserName", "mycreate")
			.containsEntry("MsgId", "4561255354251345929");
	}

	@Test
	void fullBlockPaddingVector() {
		String encrypted = "sKqRbbiSUnDhFHOvPjtUMW+S2WQ7+nvthErfIyN/1JIUGbY9KFq0e6M++eWj+dv/i+NQkMlqx4rPSt/uOHTXSFZ1icLS+7mALJSaIYoyUoakf4ZGK3mXHP1D55r1IKKmEHKOPA2TsaQDckx7vJDKc/i1uRJ2+3V7agXqh4qHsMZLDH9csKqXOXtjhEq/mBxTMr7HinaqLPNxPobOVz4CihalEFXDcYPMEsnXedKUCxvEmLIcxpEWgBq3ZCiFM2udm7FavGZZAZdkUSyFcw3q5kE9r4mV+mHGflqKbiMqvlYKXSamWPmDsege+KisVBmC419Q5KuAPkpuIjnuSYcdrrRPIVBNACZ/ukpnrUAuZCW5YN7Gov9UlSRPWxJ/OfP7KRsrPJHqRlNgdyBFhbLh3qnq9dNwonLgbOZ4Txr2aJWplfNk06gBNImE3l00O4cNnGFckKYVdQVheD2+DFDAD+noEpPzc0CB/IVSGH2NwYP2K03N+KWA5wNiW8SDwpZEgXdpPuHzOOy2hc+KPQxsTgqoRvou+sIs+G+BoC4klTTnn48lSjYO0YtZiVBDlFk4w4GS/LNzesCgNPey7F1bd84zsq5TTaSh4rk2PqqDjWIXA7JH+kEdZgH8BCDf8LbYBNuTYgoMcqrfpX7334b/97q0xdjYmdqp+Z4by4k2vtjOb5xKQP72rPY8JWlbQ+7e2Mla8DAqN9qtsd5nVN2Q+A==";
		assertThat(crypto.verify("bc34e16568008cd171fb6db346c95fd4d0ee4762", "1700000000", "1234567890", encrypted)).isTrue();
		var fields = CallbackXml.parse(crypto.decrypt(encrypted).message());
		assertThat(fields).containsEntry("ChangeType", "add_external_contact")
			.containsEntry("State", "teststate")
			.containsEntry("WelcomeCode", "WELCOMECODE");
	}

	@Test
	void forgedInputIsRefused() {
		assertThat(crypto.verify("0000000000000000000000000000000000000000", "1409659589", "263014780", "abc")).isFalse();
		assertThat(crypto.verify(null, "1", "2", "abc")).isFalse();
		assertThatThrownBy(() -> crypto.decrypt("not base64 at all!")).isInstanceOf(BadCallbackException.class);
		assertThatThrownBy(() -> crypto.decrypt("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).isInstanceOf(BadCallbackException.class);
		assertThatThrownBy(() -> new CallbackCrypto(TOKEN, "short")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void xmlWithEntitiesIsRefused() {
		String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml><A>&e;</A></xml>";
		assertThatThrownBy(() -> CallbackXml.parse(xxe)).isInstanceOf(BadCallbackException.class);
		assertThatThrownBy(() -> CallbackXml.parse("<xml><A>unclosed</xml>")).isInstanceOf(BadCallbackException.class);
		assertThatThrownBy(() -> CallbackXml.parse("<other/>")).isInstanceOf(BadCallbackException.class);
	}
}
