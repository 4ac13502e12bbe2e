"""QR codes for the handouts: inline SVG drawn by segno on the server, nothing fetched from outside."""

from __future__ import annotations


def qr_svg(url: str, *, scale: int = 6, title: str = "回答用のQRコード") -> str:
    import segno  # noqa: PLC0415 - segno loads when a QR code is drawn, not at start-up

    return str(
        segno.make(url, error="m").svg_inline(
            scale=scale, border=2, dark="#000000", light="#ffffff", title=title, svgclass="qr-code"
        )
    )
