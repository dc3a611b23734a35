package io.siyu.sidebar;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.RuleViolationException;
import io.siyu.shared.web.ConsoleErrors;
import io.siyu.wecom.WeComException;

/**
 * Errors of the sidebar in the sidebar's own mobile look (before the console's handler, which would draw the console
 * around them): a page for a page request, a message in the page's notice area for an htmx request. A customer the
 * member may not see is simply not found — the same answer as for one that does not exist.
 */
@ControllerAdvice(basePackageClasses = SidebarErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class SidebarErrors {

	private final ConsoleErrors errors;

	SidebarErrors(ConsoleErrors errors) {
		this.errors = errors;
	}

	@ExceptionHandler(NotFoundException.class)
	ModelAndView notFound(NotFoundException e, HttpServletRequest request, HttpServletResponse response) {
		return answer(request, response, HttpStatus.NOT_FOUND, "sidebar.notFound", null);
	}

	@ExceptionHandler(ForbiddenException.class)
	ModelAndView forbidden(ForbiddenException e, HttpServletRequest request, HttpServletResponse response) {
		return answer(request, response, HttpStatus.FORBIDDEN, "error.forbidden", null);
	}

	@ExceptionHandler(BadRequestException.class)
	ModelAndView bad(BadRequestException e, HttpServletRequest request, HttpServletResponse response) {
		return answer(request, response, HttpStatus.BAD_REQUEST, "error.badRequest", errors.describe(e));
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class })
	ModelAndView malformed(Exception e, HttpServletRequest request, HttpServletResponse response) {
		return answer(request, response, HttpStatus.BAD_REQUEST, "error.badRequest", null);
	}

	@ExceptionHandler(ConflictException.class)
	ModelAndView conflict(ConflictException e, HttpServletRequest request, HttpServletResponse response) {
		return answer(request, response, HttpStatus.CONFLICT, "error.badRequest", errors.describe(e));
	}

	@ExceptionHandler(RuleViolationException.class)
	ModelAndView rule(RuleViolationException e, HttpServletRequest request, HttpServletResponse response) {
		return answer(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "error.badRequest", errors.describe(e));
	}

	/** WeCom refused or could not be reached: nothing was changed in Siyu either. */
	@ExceptionHandler(WeComException.class)
	ModelAndView wecom(WeComException e, HttpServletRequest request, HttpServletResponse response) {
		HttpStatus status = e.isTransient() || e.errcode() < -1 ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
		return answer(request, response, status, "sidebar.wecomRefused", "WeCom " + e.errcode());
	}

	private static ModelAndView answer(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			String messageKey, String detail) {
		response.setStatus(status.value());
		boolean htmx = request.getHeader("HX-Request") != null;
		ModelAndView view = new ModelAndView(htmx ? "sidebar/parts :: notice" : "sidebar/message");
		if (htmx) {
			response.setHeader("HX-Retarget", "#notice");
			response.setHeader("HX-Reswap", "innerHTML");
		}
		view.addObject("messageKey", messageKey);
		view.addObject("detail", detail);
		view.addObject("level", "err");
		view.addObject("corp", SidebarCorps.corpInPath(request.getRequestURI().substring(request.getContextPath().length())));
		return view;
	}
}
