package io.siyu.shared.web;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.ModelAndView;

import io.siyu.shared.BadRequestException;
import io.siyu.shared.ConflictException;
import io.siyu.shared.ForbiddenException;
import io.siyu.shared.NotFoundException;
import io.siyu.shared.RuleViolationException;

/** Console pages show errors as pages in the console layout, never as stack traces. */
@ControllerAdvice(annotations = Controller.class)
class ConsoleExceptionHandler {

	private final ConsoleErrors errors;

	ConsoleExceptionHandler(ConsoleErrors errors) {
		this.errors = errors;
	}

	@ExceptionHandler(NotFoundException.class)
	@ResponseStatus(HttpStatus.NOT_FOUND)
	ModelAndView notFound(NotFoundException e) {
		return page("error.notFound", errors.describe(e));
	}

	@ExceptionHandler({ ForbiddenException.class, AccessDeniedException.class })
	@ResponseStatus(HttpStatus.FORBIDDEN)
	ModelAndView forbidden(RuntimeException e) {
		return page("error.forbidden", null);
	}

	@ExceptionHandler({ BadRequestException.class, ConflictException.class, RuleViolationException.class })
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	ModelAndView bad(RuntimeException e) {
		return page("error.badRequest", errors.describe(e));
	}

	private ModelAndView page(String titleKey, String detail) {
		ModelAndView view = new ModelAndView("console/error");
		view.addObject("titleKey", titleKey);
		view.addObject("detail", detail);
		return view;
	}
}
