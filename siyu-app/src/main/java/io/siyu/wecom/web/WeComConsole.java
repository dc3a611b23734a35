package io.siyu.wecom.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.siyu.organization.CorpView;
import io.siyu.organization.Corps;
import io.siyu.shared.Actors;
import io.siyu.shared.Role.Permission;
import io.siyu.wecom.WeComConnection;
import io.siyu.wecom.WeComException;
import io.siyu.wecom.gateway.WeComGateway;

/** "WeCom connection": settings at a glance, the callback URL to enter in WeCom, callback health, a live check. */
@Controller
class WeComConsole {

	private final Corps corps;

	private final ConnectionStatus status;

	private final WeComGateway gateway;

	private final WeComConnection connection;

	private final QuotaUse quota;

	WeComConsole(Corps corps, ConnectionStatus status, WeComGateway gateway, WeComConnection connection, QuotaUse quota) {
		this.corps = corps;
		this.status = status;
		this.gateway = gateway;
		this.connection = connection;
		this.quota = quota;
	}

	@GetMapping("/console/wecom")
	String page(Model model, HttpServletRequest request) {
		Actors.require(Permission.SETTINGS_MANAGE);
		CorpView corp = corps.current();
		model.addAttribute("corp", corp);
		String base = request.getScheme() + "://" + request.getServerName()
				+ (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort());
		model.addAttribute("callbackUrl", corp.wecomCorpId() == null ? null : base + "/wecom/callback/" + corp.wecomCorpId());
		model.addAttribute("health", status.callbacks());
		model.addAttribute("sync", connection.lastSync().orElse(null));
		model.addAttribute("quota", quota.of(corp.id()));
		return "console/wecom";
	}

	@PostMapping("/console/wecom/sync")
	String sync(RedirectAttributes flash) {
		connection.syncNow();
		flash.addFlashAttribute("flash", "wecom.syncQueued");
		return "redirect:/console/wecom";
	}

	@PostMapping("/console/wecom/check")
	String check(RedirectAttributes flash) {
		long corp = Actors.require(Permission.SETTINGS_MANAGE).requireCorp();
		try {
			gateway.call(corp, "gettoken", service -> service.getAccessToken(true));
			flash.addFlashAttribute("flash", "wecom.checkOk");
		}
		catch (WeComException e) {
			flash.addFlashAttribute("error", e.getMessage());
		}
		catch (RuntimeException e) {
			flash.addFlashAttribute("error", "WeCom is not reachable: " + e.getMessage());
		}
		return "redirect:/console/wecom";
	}
}
