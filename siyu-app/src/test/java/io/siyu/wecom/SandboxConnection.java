package io.siyu.wecom;

import java.util.UUID;

import io.siyu.organization.Corps;
import io.siyu.organization.WeComSettingsChange;
import io.siyu.sandbox.CorpSpec;
import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.WeComSandbox;
import io.siyu.shared.Actor;
import io.siyu.shared.Actors;

/** A new Siyu corp connected to a new sandbox corp (distinct ids per call, as the test database is shared). */
public record SandboxConnection(long corpId, SandboxCorp wecom) {

	public static SandboxConnection create(Corps corps, WeComSandbox sandbox) {
		String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		SandboxCorp wecom = sandbox.createCorp(new CorpSpec("ww" + tag, 1000002, "secret-" + tag, null, "token" + tag,
				"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"));
		long corpId = Actors.callAs(Actor.platform(0, "test", null), () -> corps.create("WeCom " + tag, false).id());
		Actors.runAs(Actor.system(corpId), () -> corps.updateWeComSettings(new WeComSettingsChange(wecom.corpId(),
				1000002, "secret-" + tag, "token" + tag, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", sandbox.baseUrl())));
		return new SandboxConnection(corpId, wecom);
	}
}
