package io.siyu.acquisition;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

import io.siyu.shared.BadRequestException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A welcome message: a text with placeholders {@code {customer}} and {@code {staff}}, variants of the text by time of day
 * (HH:mm, to exclusive, may wrap past midnight; the first matching wins, else {@code text}), and up to 9 attachments
 * (image, link, miniprogram, file) as WeCom's send_welcome_msg takes them.
 */
public record Welcome(String text, List<Variant> variants, List<Attachment> attachments) {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final int TEXT_MAX_BYTES = 4000;

	static final Set<String> TYPES = Set.of("image", "link", "miniprogram", "file");

	public Welcome {
		text = text == null ? "" : text;
		variants = variants == null ? List.of() : List.copyOf(variants);
		attachments = attachments == null ? List.of() : List.copyOf(attachments);
	}

	public static Welcome text(String text) {
		return new Welcome(text, List.of(), List.of());
	}

	public record Variant(String from, String to, String text) {
	}

	public record Attachment(String type, String title, String url, String picUrl, String desc, String appid,
			String page, String mediaId) {
	}

	boolean isEmpty() {
		return text.isBlank() && variants.isEmpty() && attachments.isEmpty();
	}

	/** The text for a local time of day, placeholders filled. */
	String render(LocalTime at, String customerName, String staffName) {
		String chosen = text;
		for (Variant v : variants) {
			LocalTime from = LocalTime.parse(v.from());
			LocalTime to = LocalTime.parse(v.to());
			boolean in = from.isBefore(to) ? !at.isBefore(from) && at.isBefore(to) : !at.isBefore(from) || at.isBefore(to);
			if (in) {
				chosen = v.text();
				break;
			}
		}
		return chosen.replace("{customer}", customerName == null || customerName.isBlank() ? "朋友" : customerName)
			.replace("{staff}", staffName == null ? "" : staffName);
	}

	boolean needsCustomerName() {
		return text.contains("{customer}") || variants.stream().anyMatch(v -> v.text() != null && v.text().contains("{customer}"));
	}

	/** WeCom's rules, checked before anything is stored: 400 with the reason. */
	void validate() {
		if (text.isBlank() && attachments.isEmpty()) {
			throw new BadRequestException("error.acq.welcomeEmpty", "A welcome message needs a text or an attachment");
		}
		checkText(text);
		for (Variant v : variants) {
			if (v.text() == null || v.text().isBlank()) {
				throw new BadRequestException("error.acq.variantText", "Every time-of-day variant needs a text");
			}
			checkText(v.text());
			try {
				if (LocalTime.parse(v.from()).equals(LocalTime.parse(v.to()))) {
					throw new BadRequestException("error.acq.variantTimes", "A variant's from and to must differ");
				}
			}
			catch (DateTimeParseException | NullPointerException e) {
				throw new BadRequestException("error.acq.time", "Times are HH:mm, e.g. 09:00");
			}
		}
		if (attachments.size() > 9) {
			throw new BadRequestException("error.acq.attachments", "At most 9 attachments");
		}
		for (Attachment a : attachments) {
			if (a.type() == null || !TYPES.contains(a.type())) {
				throw new BadRequestException("error.acq.attachmentType", "Attachment type must be image, link, miniprogram or file");
			}
			boolean ok = switch (a.type()) {
				case "image" -> notBlank(a.picUrl()) || notBlank(a.mediaId());
				case "link" -> notBlank(a.title()) && notBlank(a.url()) && a.url().matches("(?i)https?://.+");
				case "miniprogram" -> notBlank(a.title()) && notBlank(a.appid()) && notBlank(a.page()) && notBlank(a.mediaId());
				default -> notBlank(a.mediaId());
			};
			if (!ok) {
				throw new BadRequestException("error.acq.attachmentFields", "Attachment " + a.type()
						+ " misses fields: image needs picUrl or mediaId; link title and an http(s) url; miniprogram title, appid, page, mediaId; file mediaId");
			}
		}
	}

	private static void checkText(String t) {
		if (t.getBytes(StandardCharsets.UTF_8).length > TEXT_MAX_BYTES) {
			throw new BadRequestException("error.acq.welcomeTooLong", "A welcome text is at most 4000 bytes");
		}
	}

	private static boolean notBlank(String s) {
		return s != null && !s.isBlank();
	}

	String toJson() {
		return JSON.writeValueAsString(this);
	}

	static Welcome fromJson(String json) {
		return json == null || json.isBlank() ? null : JSON.readValue(json, Welcome.class);
	}

	/** A welcome as stored (JSON) and read, so a cached welcome is parsed once, not per add. */
	record Stored(String json, Welcome welcome) {

		static Stored of(String json) {
			return new Stored(json, fromJson(json));
		}
	}
}
