"""Reading back what public files say: their XMP, strictly parsed, and anything else they carry."""

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image
from pillow_heif import register_heif_opener

from wagtail_ugc.models import SubmissionPhoto, UGCImage

from ..images import photo as picture

register_heif_opener()

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
PHOTOSHOP = "{http://ns.adobe.com/photoshop/1.0/}"
XMP_RIGHTS = "{http://ns.adobe.com/xap/1.0/rights/}"
PLUS = "{http://ns.useplus.org/ldf/xmp/1.0/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: What every public file of a credited photo says, and nothing else.
LICENSING_FIELDS = {
    "Creator",
    "Credit Line",
    "Copyright Notice",
    "Web Statement of Rights",
    "Licensor URL",
    "Data Mining",
}


def clean_master(width=640, height=480):
    """A JPEG with no metadata, as intake's sanitising makes them."""
    buffer = io.BytesIO()
    picture(width, height).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def with_photo(submission):
    photo = SubmissionPhoto(submission=submission, received_sha256="0" * 64)
    photo.master.save("x.jpg", ContentFile(clean_master()), save=False)
    photo.save()
    return photo


def public_files_of(submission):
    """Every public file of ``submission``: each image's own file, then its renditions'."""
    files = []
    for image in UGCImage.objects.filter(photo__submission=submission):
        files.append(image.file)
        files.extend(rendition.file for rendition in image.renditions.all())
    return files


def all_public_paths(settings):
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def opened(file_or_path):
    if isinstance(file_or_path, Path):
        data = file_or_path.read_bytes()
    else:
        with file_or_path.open("rb") as f:
            data = f.read()
    return data, Image.open(io.BytesIO(data))


def xmp_fields(image):
    """The IPTC properties in ``image``'s XMP, by their IPTC names, after a strict XML parse."""
    xmp = image.info.get("xmp")
    assert xmp, f"{image.format} has no XMP"
    # Our own files; raises on anything that is not well-formed XML.
    root = ET.fromstring(xmp)  # noqa: S314
    (description,) = root.iter(f"{RDF}Description")
    fields = {}
    for element in description:
        if element.tag == f"{DC}creator":
            (li,) = element.iter(f"{RDF}li")
            fields["Creator"] = li.text
        elif element.tag == f"{PHOTOSHOP}Credit":
            fields["Credit Line"] = element.text
        elif element.tag == f"{DC}rights":
            (li,) = element.iter(f"{RDF}li")
            assert li.get(XML_LANG) == "x-default"
            fields["Copyright Notice"] = li.text
        elif element.tag == f"{XMP_RIGHTS}WebStatement":
            fields["Web Statement of Rights"] = element.text
        elif element.tag == f"{PLUS}Licensor":
            (url,) = element.iter(f"{PLUS}LicensorURL")
            fields["Licensor URL"] = url.text
        elif element.tag == f"{PLUS}DataMining":
            fields["Data Mining"] = element.text
        else:
            raise AssertionError(f"Unexpected property {element.tag}")
    assert not description.attrib.keys() - {f"{RDF}about"}, description.attrib
    return fields


def assert_nothing_but_xmp(data, image):
    """No EXIF (GPS, device, dates), no ICC profile, no comment, no IPTC block: only the XMP."""
    assert len(image.getexif()) == 0, image.getexif()
    for key in ("exif", "icc_profile", "comment", "photoshop", "iptc"):
        assert key not in image.info, (image.format, key)
    for marker in (b"PhoneMaker", b"Exif\x00\x00", b"59,19"):
        assert marker not in data, (image.format, marker)
