package io.siyu.acquisition;

import org.springframework.stereotype.Service;

/** QR images and posters of the codes the caller may see (PNG, up to 4096 pixels: print resolution). */
@Service
public class QrCodes {

	private final LiveCodes codes;

	private final QrImages images;

	private final GroupCodes groupCodes;

	QrCodes(LiveCodes codes, QrImages images, GroupCodes groupCodes) {
		this.groupCodes = groupCodes;
		this.codes = codes;
		this.images = images;
	}

	public byte[] png(long codeId, int size) {
		QrImages.checkSize(size);
		return images.png(images.content(codes.get(codeId)), size);
	}

	public byte[] poster(long codeId, int width, String subtitle) {
		QrImages.checkSize(width);
		LiveCode code = codes.get(codeId);
		return images.poster(images.content(code), code.name(), subtitle == null ? "扫码添加 · Scan to add" : subtitle,
				width);
	}

	/** The QR of a group code (its join way). */
	public byte[] groupPng(long groupCodeId, int size) {
		QrImages.checkSize(size);
		GroupCode code = groupCodes.get(groupCodeId);
		if (code.qrUrl() == null) {
			throw new io.siyu.shared.ConflictException("error.acq.noQr", "The code has no QR in WeCom yet");
		}
		return images.png(images.contentOf(code.qrUrl()), size);
	}

	/** What the QR of a code carries (the decoded WeCom QR, or the link). */
	public String content(long codeId) {
		return images.content(codes.get(codeId));
	}
}
