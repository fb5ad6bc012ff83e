//! What the WordprocessingML schema allows where: the order of the children
//! of every element docx-rs writes with more than one kind of child, and the
//! few things docx-rs writes that the schema does not allow at all.
//!
//! The orders are those of ISO/IEC 29500-4 Transitional (`wml.xsd`), with the
//! run properties (`EG_RPrBase`, an unordered choice in ISO 29500) in their
//! listed order, which is what ECMA-376 1st edition, Word and Microsoft's Open
//! XML SDK expect. Each order is a list of slots; the names in one slot may
//! come in any order among themselves. `*` is every other element of the
//! WordprocessingML namespace (the content of a paragraph, a run, a cell).
//! Only what kehoach can make is listed: an element missing here is one that
//! docx-rs does not write for us, and `tests/integration/docx_validator.rs` runs
//! Microsoft's validator over every kind of DOCX kehoach writes.

use roxmltree::Node;

/// The WordprocessingML main namespace.
pub(super) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One container's order: (its local name, its children's slots).
type Order = (&'static str, &'static [&'static [&'static str]]);

/// `w:pPr`: `CT_PPr` and, without `rPr` and `sectPr`, `CT_PPrGeneral` of
/// styles and document defaults.
const PARAGRAPH_PROPERTIES: &[&[&str]] = &[
    &["pStyle"],
    &["keepNext"],
    &["keepLines"],
    &["pageBreakBefore"],
    &["framePr"],
    &["widowControl"],
    &["numPr"],
    &["suppressLineNumbers"],
    &["pBdr"],
    &["shd"],
    &["tabs"],
    &["suppressAutoHyphens"],
    &["kinsoku"],
    &["wordWrap"],
    &["overflowPunct"],
    &["topLinePunct"],
    &["autoSpaceDE"],
    &["autoSpaceDN"],
    &["bidi"],
    &["adjustRightInd"],
    &["snapToGrid"],
    &["spacing"],
    &["ind"],
    &["contextualSpacing"],
    &["mirrorIndents"],
    &["suppressOverlap"],
    &["jc"],
    &["textDirection"],
    &["textAlignment"],
    &["textboxTightWrap"],
    &["outlineLvl"],
    &["divId"],
    &["cnfStyle"],
    &["rPr"],
    &["sectPr"],
    &["pPrChange"],
];

/// `w:rPr`: `CT_RPr` of runs and styles and, with the revision marks first,
/// `CT_ParaRPr` of a paragraph mark.
const RUN_PROPERTIES: &[&[&str]] = &[
    &["ins"],
    &["del"],
    &["moveFrom"],
    &["moveTo"],
    &["rStyle"],
    &["rFonts"],
    &["b"],
    &["bCs"],
    &["i"],
    &["iCs"],
    &["caps"],
    &["smallCaps"],
    &["strike"],
    &["dstrike"],
    &["outline"],
    &["shadow"],
    &["emboss"],
    &["imprint"],
    &["noProof"],
    &["snapToGrid"],
    &["vanish"],
    &["webHidden"],
    &["color"],
    &["spacing"],
    &["w"],
    &["kern"],
    &["position"],
    &["sz"],
    &["szCs"],
    &["highlight"],
    &["u"],
    &["effect"],
    &["bdr"],
    &["shd"],
    &["fitText"],
    &["vertAlign"],
    &["rtl"],
    &["cs"],
    &["em"],
    &["lang"],
    &["eastAsianLayout"],
    &["specVanish"],
    &["oMath"],
    &["rPrChange"],
];

/// `w:sectPr`: `CT_SectPr`.
const SECTION_PROPERTIES: &[&[&str]] = &[
    &["headerReference", "footerReference"],
    &["footnotePr"],
    &["endnotePr"],
    &["type"],
    &["pgSz"],
    &["pgMar"],
    &["paperSrc"],
    &["pgBorders"],
    &["lnNumType"],
    &["pgNumType"],
    &["cols"],
    &["formProt"],
    &["vAlign"],
    &["noEndnote"],
    &["titlePg"],
    &["textDirection"],
    &["bidi"],
    &["rtlGutter"],
    &["docGrid"],
    &["printerSettings"],
    &["sectPrChange"],
];

/// `w:tblPr`: `CT_TblPr`.
const TABLE_PROPERTIES: &[&[&str]] = &[
    &["tblStyle"],
    &["tblpPr"],
    &["tblOverlap"],
    &["bidiVisual"],
    &["tblStyleRowBandSize"],
    &["tblStyleColBandSize"],
    &["tblW"],
    &["jc"],
    &["tblCellSpacing"],
    &["tblInd"],
    &["tblBorders"],
    &["shd"],
    &["tblLayout"],
    &["tblCellMar"],
    &["tblLook"],
    &["tblCaption"],
    &["tblDescription"],
    &["tblPrChange"],
];

/// `w:tcPr`: `CT_TcPr`.
const CELL_PROPERTIES: &[&[&str]] = &[
    &["cnfStyle"],
    &["tcW"],
    &["gridSpan"],
    &["hMerge"],
    &["vMerge"],
    &["tcBorders"],
    &["shd"],
    &["noWrap"],
    &["tcMar"],
    &["textDirection"],
    &["tcFitText"],
    &["vAlign"],
    &["hideMark"],
    &["headers"],
    &["cellIns", "cellDel", "cellMerge"],
    &["tcPrChange"],
];

/// `w:tblBorders`, `w:tcBorders`, `w:tblCellMar`, `w:tcMar`: the sides in
/// one order (`CT_TcBorders` adds the diagonals).
const SIDES: &[&[&str]] = &[
    &["top"],
    &["start", "left"],
    &["bottom"],
    &["end", "right"],
    &["insideH"],
    &["insideV"],
    &["tl2br"],
    &["tr2bl"],
];

/// `w:pBdr`: `CT_PBdr`.
const PARAGRAPH_BORDERS: &[&[&str]] = &[
    &["top"],
    &["left"],
    &["bottom"],
    &["right"],
    &["between"],
    &["bar"],
];

/// `w:style`: `CT_Style`.
const STYLE: &[&[&str]] = &[
    &["name"],
    &["aliases"],
    &["basedOn"],
    &["next"],
    &["link"],
    &["autoRedefine"],
    &["hidden"],
    &["uiPriority"],
    &["semiHidden"],
    &["unhideWhenUsed"],
    &["qFormat"],
    &["locked"],
    &["personal"],
    &["personalCompose"],
    &["personalReply"],
    &["rsid"],
    &["pPr"],
    &["rPr"],
    &["tblPr"],
    &["trPr"],
    &["tcPr"],
    &["tblStylePr"],
];

/// `w:settings`: the part of `CT_Settings` up to `compat` and `docVars`
/// (docx-rs writes nothing later in the sequence).
const SETTINGS: &[&[&str]] = &[
    &["writeProtection"],
    &["view"],
    &["zoom"],
    &["removePersonalInformation"],
    &["removeDateAndTime"],
    &["doNotDisplayPageBoundaries"],
    &["displayBackgroundShape"],
    &["printPostScriptOverText"],
    &["printFractionalCharacterWidth"],
    &["printFormsData"],
    &["embedTrueTypeFonts"],
    &["embedSystemFonts"],
    &["saveSubsetFonts"],
    &["saveFormsData"],
    &["mirrorMargins"],
    &["alignBordersAndEdges"],
    &["bordersDoNotSurroundHeader"],
    &["bordersDoNotSurroundFooter"],
    &["gutterAtTop"],
    &["hideSpellingErrors"],
    &["hideGrammaticalErrors"],
    &["activeWritingStyle"],
    &["proofState"],
    &["formsDesign"],
    &["attachedTemplate"],
    &["linkStyles"],
    &["stylePaneFormatFilter"],
    &["stylePaneSortMethod"],
    &["documentType"],
    &["mailMerge"],
    &["revisionView"],
    &["trackRevisions"],
    &["doNotTrackMoves"],
    &["doNotTrackFormatting"],
    &["documentProtection"],
    &["autoFormatOverride"],
    &["styleLockTheme"],
    &["styleLockQFSet"],
    &["defaultTabStop"],
    &["autoHyphenation"],
    &["consecutiveHyphenLimit"],
    &["hyphenationZone"],
    &["doNotHyphenateCaps"],
    &["showEnvelope"],
    &["summaryLength"],
    &["clickAndTypeStyle"],
    &["defaultTableStyle"],
    &["evenAndOddHeaders"],
    &["bookFoldRevPrinting"],
    &["bookFoldPrinting"],
    &["bookFoldPrintingSheets"],
    &["drawingGridHorizontalSpacing"],
    &["drawingGridVerticalSpacing"],
    &["displayHorizontalDrawingGridEvery"],
    &["displayVerticalDrawingGridEvery"],
    &["doNotUseMarginsForDrawingGridOrigin"],
    &["drawingGridHorizontalOrigin"],
    &["drawingGridVerticalOrigin"],
    &["doNotShadeFormData"],
    &["noPunctuationKerning"],
    &["characterSpacingControl"],
    &["printTwoOnOne"],
    &["strictFirstAndLastChars"],
    &["noLineBreaksAfter"],
    &["noLineBreaksBefore"],
    &["savePreviewPicture"],
    &["doNotValidateAgainstSchema"],
    &["saveInvalidXml"],
    &["ignoreMixedContent"],
    &["alwaysShowPlaceholderText"],
    &["doNotDemarcateInvalidXml"],
    &["saveXmlDataOnly"],
    &["useXSLTWhenSaving"],
    &["saveThroughXslt"],
    &["showXMLTags"],
    &["alwaysMergeEmptyNamespace"],
    &["updateFields"],
    &["hdrShapeDefaults"],
    &["footnotePr"],
    &["endnotePr"],
    &["compat"],
    &["docVars"],
    &["rsids"],
];

/// Every container whose children docx-rs can write out of order.
const ORDERS: &[Order] = &[
    ("pPr", PARAGRAPH_PROPERTIES),
    ("rPr", RUN_PROPERTIES),
    ("sectPr", SECTION_PROPERTIES),
    ("tblPr", TABLE_PROPERTIES),
    ("tcPr", CELL_PROPERTIES),
    ("tblBorders", SIDES),
    ("tcBorders", SIDES),
    ("tblCellMar", SIDES),
    ("tcMar", SIDES),
    ("pBdr", PARAGRAPH_BORDERS),
    ("style", STYLE),
    ("settings", SETTINGS),
    ("styles", &[&["docDefaults"], &["latentStyles"], &["style"]]),
    ("docDefaults", &[&["rPrDefault"], &["pPrDefault"]]),
    ("document", &[&["background"], &["body"]]),
    ("body", &[&["*"], &["sectPr"]]),
    ("p", &[&["pPr"], &["*"]]),
    ("r", &[&["rPr"], &["*"]]),
    ("tbl", &[&["tblPr"], &["tblGrid"], &["*"]]),
    ("tblGrid", &[&["gridCol"], &["tblGridChange"]]),
    ("tr", &[&["tblPrEx"], &["trPr"], &["*"]]),
    ("tc", &[&["tcPr"], &["*"]]),
];

/// Whether `node` is the WordprocessingML element `name`.
pub(super) fn is_w(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(W) && node.tag_name().name() == name
}

/// The slots of `container`'s children, if their order matters and
/// docx-rs can get it wrong.
pub(super) fn order(container: Node<'_, '_>) -> Option<&'static [&'static [&'static str]]> {
    if container.tag_name().namespace() != Some(W) {
        return None;
    }
    let name = container.tag_name().name();
    ORDERS
        .iter()
        .find(|(container, _)| *container == name)
        .map(|(_, slots)| *slots)
}

/// Where `child` goes among its siblings, in `slots`: its slot, `*`'s slot
/// for another WordprocessingML element, after every slot for anything else
/// (which keeps its place among the other unknown children).
pub(super) fn rank(slots: &[&[&str]], child: Node<'_, '_>) -> usize {
    let in_w = child.tag_name().namespace() == Some(W);
    let name = child.tag_name().name();
    let slot = |wanted: &dyn Fn(&str) -> bool| {
        slots
            .iter()
            .position(|slot| slot.iter().any(|candidate| wanted(candidate)))
    };
    if !in_w {
        return slots.len();
    }
    slot(&|candidate| candidate == name)
        .or_else(|| slot(&|candidate| candidate == "*"))
        .unwrap_or(slots.len())
}

/// Whether `child` must go: the empty `w:rPr` docx-rs writes into the
/// `w:pPr` of a style or of the document defaults, where the schema
/// (`CT_PPrGeneral`) has no run properties. A non-empty one stays, and the
/// validator would report it.
pub(super) fn is_dropped(child: Node<'_, '_>) -> bool {
    let Some(properties) = child.parent_element() else {
        return false;
    };
    let Some(owner) = properties.parent_element() else {
        return false;
    };
    is_w(child, "rPr")
        && is_w(properties, "pPr")
        && (is_w(owner, "style") || is_w(owner, "pPrDefault"))
        && !child.has_children()
}

/// Whether `node`'s attribute `attribute` must go: `w:type` on `w:gridCol`,
/// which `CT_TblGridCol` does not have.
pub(super) fn is_dropped_attribute(
    node: Node<'_, '_>,
    attribute: &roxmltree::Attribute<'_, '_>,
) -> bool {
    is_w(node, "gridCol") && attribute.namespace() == Some(W) && attribute.name() == "type"
}
