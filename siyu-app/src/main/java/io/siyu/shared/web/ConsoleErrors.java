package io.siyu.shared.web;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import io.siyu.shared.LocalizedException;

/** Says an error in the console user's language when it has a message key; otherwise its (English) message. */
@Component
public class ConsoleErrors {

	private final MessageSource messages;

	ConsoleErrors(MessageSource messages) {
		this.messages = messages;
	}

	public String describe(RuntimeException e) {
		if (e instanceof LocalizedException localized && localized.key() != null) {
			return messages.getMessage(localized.key(), localized.args(), e.getMessage(), LocaleContextHolder.getLocale());
		}
		return e.getMessage();
	}
}
