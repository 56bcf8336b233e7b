"""What public files say about their rights: licensing metadata and the reservation of text and data mining.

Every public file of a photo (its public image and each rendition, in every
format) carries one XMP packet with the IPTC Photo Metadata properties search
engines read for licensable images, and the IPTC/PLUS Data Mining property:

* Creator (``dc:creator``), Credit Line (``photoshop:Credit``) and Copyright
  Notice (``dc:rights``, "© credit"): the credit the creator chose.
* Web Statement of Rights (``xmpRights:WebStatement``): the licence's page
  (``LICENCE_URLS``), else the item's page.
* Licensor URL (``plus:Licensor``/``plus:LicensorURL``): where to ask for a
  licence (``ACQUIRE_LICENCE_URL``), else the item's page.
* Data Mining (``plus:DataMining``): allowed only if the creator ticked the
  AI-training scope; otherwise prohibited except for search-engine indexing.

Nothing else: the sanitised master has no metadata at all (invariant 3 in
docs/architecture.md), and only this packet is added. The same choice is
stated for crawlers with the W3C TDM Reservation Protocol: ``tdmrep_json``
reserves the public UGC media, and item pages send their own
``tdm-reservation`` header. See docs/licensing.md.

This module knows no model: it reads a submission's fields, so the models
(``UGCImage``) and publication may both use it.
"""

import re
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from wagtail.images.models import Filter

from .conf import ugc_settings
from .links import item_path
from .mail import absolute_url
from .storage import PUBLIC_FOLDER

#: The PLUS Data Mining vocabulary (used by the IPTC Photo Metadata Standard).
DATA_MINING_VOCABULARY = "http://ns.useplus.org/ldf/vocab/"
#: The creator allowed AI training: nothing is reserved.
DATA_MINING_ALLOWED = DATA_MINING_VOCABULARY + "DMI-ALLOWED"
#: The default. Search engines may still index the photo (the creator agreed
#: to show it on the site, and licensable-image search needs it indexed);
#: AI/ML training and every other mining are prohibited.
DATA_MINING_PROHIBITED = (
    DATA_MINING_VOCABULARY + "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING"
)

XMP_NAMESPACE_ID = b"http://ns.adobe.com/xap/1.0/\x00"
#: A JPEG segment holds at most 65,535 bytes, its length field included.
MAX_JPEG_SEGMENT = 65533

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FileRights:
    """What a public file says about its rights."""

    credit_line: str = ""
    web_statement: str = ""
    licensor_url: str = ""
    ai_training_allowed: bool = False

    @property
    def data_mining(self):
        return (
            DATA_MINING_ALLOWED if self.ai_training_allowed else DATA_MINING_PROHIBITED
        )


def item_url(submission):
    """The item's public page, absolute; "" where the site has no item pages."""
    return absolute_url(item_path(submission.uuid))


def rights_of(submission):
    """The ``FileRights`` of a submission's public files, from its current credit, licence and consent."""
    page = item_url(submission)
    acquire = ugc_settings.ACQUIRE_LICENCE_URL
    return FileRights(
        credit_line=submission.credit_line,
        web_statement=ugc_settings.LICENCE_URLS.get(submission.licence) or page,
        licensor_url=absolute_url(acquire) if acquire else page,
        ai_training_allowed=submission.allows_ai_training,
    )


def _text(value):
    return escape(_NOT_XML.sub("", value))


def xmp_packet(rights):
    """The XMP packet (UTF-8 bytes) for ``rights``: only the licensing properties, user text escaped."""
    properties = []
    if rights.credit_line:
        credit = _text(rights.credit_line)
        properties += [
            f"<dc:creator><rdf:Seq><rdf:li>{credit}</rdf:li></rdf:Seq></dc:creator>",
            f"<photoshop:Credit>{credit}</photoshop:Credit>",
            '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">'
            f"© {credit}</rdf:li></rdf:Alt></dc:rights>",
        ]
    if rights.web_statement:
        properties.append(
            f"<xmpRights:WebStatement>{_text(rights.web_statement)}</xmpRights:WebStatement>"
        )
    if rights.licensor_url:
        properties.append(
            '<plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource">'
            f"<plus:LicensorURL>{_text(rights.licensor_url)}</plus:LicensorURL>"
            "</rdf:li></rdf:Seq></plus:Licensor>"
        )
    properties.append(f"<plus:DataMining>{rights.data_mining}</plus:DataMining>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
        ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/"'
        ' xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/">'
        + "".join(properties)
        + "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="r"?>'
    ).encode()


def jpeg_with_xmp(data, xmp):
    """``data`` (a JPEG) with ``xmp`` as its XMP segment, the image data untouched.

    The segment goes after the JFIF header, if any, which must come first.
    """
    if data[:2] != b"\xff\xd8":
        raise ValueError("Not a JPEG")
    payload = XMP_NAMESPACE_ID + xmp
    if len(payload) > MAX_JPEG_SEGMENT:
        raise ValueError("XMP packet too large for a JPEG segment")
    at = 2
    if data[2:4] == b"\xff\xe0":  # APP0: JFIF
        at = 4 + struct.unpack(">H", data[4:6])[0]
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return data[:at] + segment + data[at:]


def embedded_xmp(file):
    """The XMP packet a public image's file carries (bytes), or ``b""``; reads only its header."""
    with file.open("rb") as opened, Image.open(opened) as image:
        return image.info.get("xmp", b"")


class _EmbedXMP:
    """The last filter operation of a rendition: Pillow writes ``xmp`` when the rendition is saved.

    Pillow merges an image's ``encoderinfo`` into the options of its next
    ``save()``: its JPEG, WebP and AVIF writers take ``xmp`` there, its PNG
    writer ``pnginfo``. Wagtail's ``Filter.run`` saves right after the filter
    operations.
    """

    def __init__(self, xmp):
        self.xmp = xmp

    def run(self, willow, image, env):
        png_info = PngInfo()
        png_info.add_itxt("XML:com.adobe.xmp", self.xmp.decode())
        pillow_image = willow.image
        pillow_image.encoderinfo = {
            **getattr(pillow_image, "encoderinfo", {}),
            "xmp": self.xmp,
            "pnginfo": png_info,
        }
        return willow


class LicensedFilter(Filter):
    """A Wagtail filter whose output carries ``xmp``; same spec, same cache key, same file name."""

    def __init__(self, spec, xmp):
        super().__init__(spec=spec)
        self.xmp = xmp

    @property
    def filter_operations(self):
        return [*super().filter_operations, _EmbedXMP(self.xmp)]


# The TDM Reservation Protocol (W3C TDMRep) --------------------------------------


def public_media_location():
    """The path pattern of public UGC files, if the site serves them itself; else ``None``.

    A file on another host (object storage, a CDN's own domain) is that
    host's to declare: tdmrep.json speaks only for its own origin.
    """
    url = urlsplit(default_storage.url(f"{PUBLIC_FOLDER}/"))
    if url.netloc:
        return None
    return url.path + "*"


def tdmrep_rules():
    """The site's TDMRep rules: text and data mining rights reserved on public UGC media.

    Item pages are not listed: each answers with its own ``tdm-reservation``
    header (0 where its creator allowed AI training), and a rule here could
    overrule that.
    """
    location = public_media_location()
    if location is None:
        return []
    return [{"location": location, "tdm-reservation": 1}]


@require_safe
@cache_control(max_age=3600, public=True)
def tdmrep_json(request):
    """``/.well-known/tdmrep.json``: include it at the site's root (docs/licensing.md)."""
    return JsonResponse(tdmrep_rules(), safe=False)


def tdm_reservation_header(response, reserved=True):
    """Set the TDMRep header on ``response``: "1" reserves text and data mining rights."""
    response["tdm-reservation"] = "1" if reserved else "0"
    return response
