package io.siyu.acquisition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Every QR Siyu draws reads back as what it carries, at print and at screen sizes (no Spring, no network). */
class QrImagesTest {

	@Test
	void everyDrawnCodeReadsBackAsItsContent() throws Exception {
		QrImages qr = new QrImages();
		Random random = new Random(5);
		List<String> unread = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			byte[] id = new byte[16];
			random.nextBytes(id);
			String content = "https://wework.qpic.cn/wwpic/" + HexFormat.of().formatHex(id) + "/0";
			for (int size : new int[] { 300, 1200 }) {
				var image = ImageIO.read(new ByteArrayInputStream(qr.png(content, size)));
				if (!QrImages.decode(image).filter(content::equals).isPresent()) {
					unread.add(size + " " + content);
				}
			}
		}
		assertThat(unread).isEmpty();
	}

	/**
	 * A poster carries the QR where {@link QrImages#posterQr} says, unscaled, and it reads back as its content. (ZXing's
	 * finder-pattern search over the whole poster misses about 2 % of such clean synthetic codes whatever their size —
	 * contents like the first below — so the check reads the square the poster drew, which it always can.)
	 */
	@Test
	void everyPosterCarriesItsCodeWhereItSays() throws Exception {
		QrImages qr = new QrImages();
		Random random = new Random(7);
		List<String> unread = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			byte[] id = new byte[16];
			random.nextBytes(id);
			String content = i == 0 ? "https://wework.qpic.cn/wwpic/2dbcd0fafac582327960ad1274eec3c/0"
					: "https://wework.qpic.cn/wwpic/" + HexFormat.of().formatHex(id) + "/0";
			for (int width : new int[] { 600, 1748 }) {
				var poster = ImageIO.read(new ByteArrayInputStream(qr.poster(content, "小红书投放", "扫码添加", width)));
				assertThat(poster.getHeight()).isEqualTo(width * 4 / 3);
				var area = QrImages.posterQr(width);
				if (!QrImages.decode(poster.getSubimage(area.x, area.y, area.width, area.height)).filter(content::equals)
					.isPresent()) {
					unread.add(width + " " + content);
				}
			}
		}
		assertThat(unread).isEmpty();
	}
}
