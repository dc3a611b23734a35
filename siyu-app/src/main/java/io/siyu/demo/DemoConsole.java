package io.siyu.demo;

import java.time.Duration;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.sandbox.SandboxCorp;
import io.siyu.sandbox.Traffic;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;

/** Demo mode: start and stop simulated customer traffic in the built-in WeCom sandbox and watch it arrive. */
@Controller
class DemoConsole {

	private final DemoWeCom wecom;

	DemoConsole(DemoWeCom wecom) {
		this.wecom = wecom;
	}

	@GetMapping("/console/demo")
	String page(Model model) {
		Actors.require(Permission.SETTINGS_MANAGE);
		SandboxCorp corp = wecom.sandboxCorp().orElse(null);
		model.addAttribute("sandbox", corp);
		model.addAttribute("traffic", corp == null ? null : corp.lastTraffic());
		return "console/demo";
	}

	@PostMapping("/console/demo/traffic")
	String start(@RequestParam double addsPerSecond, @RequestParam double leavesPerSecond, @RequestParam int minutes,
			RedirectAttributes flash) {
		Actors.require(Permission.SETTINGS_MANAGE);
		SandboxCorp corp = wecom.sandboxCorp().orElseThrow(() -> new io.siyu.shared.NotFoundException("Demo mode is off"));
		if (addsPerSecond < 0 || addsPerSecond > 200 || leavesPerSecond < 0 || leavesPerSecond > 200 || minutes < 1
				|| minutes > 60) {
			flash.addFlashAttribute("error", "0–200 per second, 1–60 minutes");
			return "redirect:/console/demo";
		}
		Traffic running = corp.lastTraffic();
		if (running != null && running.running()) {
			running.stop();
		}
		corp.startTraffic(new Traffic.Spec(DemoWeCom.TRAFFIC_STATE, addsPerSecond, leavesPerSecond,
				Duration.ofMinutes(minutes)));
		flash.addFlashAttribute("flash", "demo.started");
		return "redirect:/console/demo";
	}

	/**
	 * Opens the chat sidebar as a member of staff of the demo (the sandbox's WeCom "browser" signs in as them) on one
	 * of their customers: what a member sees when they open the sidebar next to a chat in WeCom.
	 */
	@PostMapping("/console/demo/sidebar")
	String sidebar(@RequestParam(required = false) String userid) {
		Actors.require(Permission.SETTINGS_MANAGE);
		SandboxCorp corp = wecom.sandboxCorp().orElseThrow(() -> new io.siyu.shared.NotFoundException("Demo mode is off"));
		String member = corp.staffIds().stream()
			.filter(u -> userid == null || userid.isBlank() || u.equals(userid))
			.filter(u -> !corp.customersOf(u).isEmpty())
			.findFirst()
			.orElseThrow(() -> new io.siyu.shared.NotFoundException("No member with customers"));
		corp.browserUser(member);
		String page = "/h5/" + corp.corpId() + "/sidebar?external_userid=" + corp.customersOf(member).get(0);
		// through the sign-in, so a sidebar session of another member in this browser is replaced
		return "redirect:/h5/" + corp.corpId() + "/sidebar/signin?next="
				+ java.net.URLEncoder.encode(page, java.nio.charset.StandardCharsets.UTF_8);
	}

	@PostMapping("/console/demo/traffic/stop")
	String stop(RedirectAttributes flash) {
		Actors.require(Permission.SETTINGS_MANAGE);
		wecom.sandboxCorp().map(SandboxCorp::lastTraffic).ifPresent(Traffic::stop);
		flash.addFlashAttribute("flash", "demo.stopped");
		return "redirect:/console/demo";
	}
}
