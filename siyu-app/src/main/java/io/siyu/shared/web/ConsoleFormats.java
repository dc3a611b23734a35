package io.siyu.shared.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** Date formats of the console ({@code ${@fmt.minute(x)}} in templates), in China Standard Time. */
@Component("fmt")
public class ConsoleFormats {

	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

	public String minute(Instant instant) {
		return instant == null ? "—" : MINUTE.format(instant);
	}

	public String second(Instant instant) {
		return instant == null ? "—" : SECOND.format(instant);
	}
}
