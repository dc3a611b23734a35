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

	@PostMapping("/console/demo/traffic/stop")
	String stop(RedirectAttributes flash) {
		Actors.require(Permission.SETTINGS_MANAGE);
		wecom.sandboxCorp().map(SandboxCorp::lastTraffic).ifPresent(Traffic::stop);
		flash.addFlashAttribute("flash", "demo.stopped");
		return "redirect:/console/demo";
	}
}
