//! The inclusion chart: one inline SVG, a bar per region against the year's goal.

use std::fmt::{self, Write as _};

use svf_kernel::rules::Rules;
use svf_kernel::vocabulary::ConditionId;

use super::format::{Esc, NBSP, Rate};
use super::view::{Line, Verdict};
use crate::contract::stored::StoredAssessment;

// The chart's geometry, in pixels of its view box. The plot is 300 px high, so a rate in
// hundredths of a percent is exactly 3 hundredths of a pixel per hundredth: no rounding.
const CHART_WIDTH: u64 = 1160;
const CHART_HEIGHT: u64 = 500;
const PLOT_LEFT: u64 = 64;
const PLOT_TOP: u64 = 70;
const PLOT_HEIGHT: u64 = 300;
const SLOT: u64 = 48;
const BAR: u64 = 30;

/// A coordinate in hundredths of a pixel, written `123.45`.
struct Px(u64);

impl fmt::Display for Px {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// The height of a rate, in hundredths of a pixel.
fn bar_height(rate: Rate) -> u64 {
    rate.0.min(10_000) * PLOT_HEIGHT / 100
}

pub(super) fn write_chart(out: &mut String, rules: &Rules, lines: &[Line<'_>]) -> fmt::Result {
    let goal = Rate::whole(rules.inclusion_goal_percent());
    let goal_text = goal.short();
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    let slots = u64::try_from(lines.len()).unwrap_or(0);
    let right = PLOT_LEFT + slots * SLOT;
    writeln!(
        out,
        "<section id=\"diagram\">\n<h2>Inklusion per region</h2>\n<p>Andel nya cancerfall som \
         utretts inom ett SVF under första halvåret, mot målet {goal_text}. Staplarna är \
         {} gröna när målet är uppfyllt och {} röda och randiga när det inte är det; \
         en region utan uppgift visas som saknas.</p>",
        Verdict::Met.mark(),
        Verdict::NotMet.mark()
    )?;
    write_chart_frame(out, &goal_text, right)?;
    for (index, line) in lines.iter().enumerate() {
        write_bar(out, index, line)?;
    }
    let goal_y = Px(bottom * 100 - bar_height(goal));
    writeln!(
        out,
        "<line id=\"mal\" data-procent=\"{}\" x1=\"{}\" y1=\"{goal_y}\" x2=\"{}\" y2=\"{goal_y}\" \
         stroke=\"#1c2330\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\
         <text x=\"{}\" y=\"{goal_y}\" dy=\"4\" font-weight=\"650\">mål {goal_text}</text>",
        goal.decimal(),
        PLOT_LEFT - 4,
        right + 4,
        right + 10
    )?;
    writeln!(
        out,
        "</svg>\n<figcaption>Andelen är antalet nya fall i SVF delat med antalet nya fall, \
         avrundad till två decimaler. Om målet är uppfyllt avgörs exakt i heltal, inte av den \
         avrundade andelen.</figcaption>\n</figure>\n</section>"
    )
}

/// The chart's frame: the SVG element, its pattern and style, the legend and the axis.
fn write_chart_frame(out: &mut String, goal_text: &str, right: u64) -> fmt::Result {
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    writeln!(
        out,
        "<figure>\n<svg id=\"inkludering\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {CHART_WIDTH} {CHART_HEIGHT}\" role=\"img\" \
         aria-labelledby=\"inkludering-titel\" font-family=\"system-ui, 'DejaVu Sans', sans-serif\">\n\
         <title id=\"inkludering-titel\">Inklusion per region mot målet {goal_text}</title>\n\
         <defs><pattern id=\"ej-uppfyllt-rand\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#b42318\"/>\
         <rect width=\"3\" height=\"7\" fill=\"#ffffff\" fill-opacity=\"0.5\"/></pattern></defs>\n\
         <style>text {{ fill: #1c2330; font-size: 12px; }} .axel {{ fill: #5a6372; }} \
         .varde {{ font-size: 11px; font-variant-numeric: tabular-nums; paint-order: stroke; \
         stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }} \
         .markering {{ font-size: 14px; font-weight: 700; }} \
         .markering.uppfyllt {{ fill: #1a7f37; }} .markering.ej-uppfyllt {{ fill: #b42318; }} \
         .saknas-text {{ fill: #6b7280; font-style: italic; }}</style>"
    )?;
    // The legend.
    writeln!(
        out,
        "<g class=\"forklaring\" transform=\"translate({PLOT_LEFT} 14)\">\
         <rect x=\"0\" y=\"0\" width=\"16\" height=\"16\" fill=\"#1a7f37\"/>\
         <text x=\"22\" y=\"13\">{} uppfyllt</text>\
         <rect x=\"130\" y=\"0\" width=\"16\" height=\"16\" fill=\"url(#ej-uppfyllt-rand)\"/>\
         <text x=\"152\" y=\"13\">{} ej uppfyllt</text>\
         <rect x=\"280\" y=\"0\" width=\"16\" height=\"16\" fill=\"#f3f4f6\" stroke=\"#9aa1ab\" stroke-dasharray=\"4 3\"/>\
         <text x=\"302\" y=\"13\">saknas</text>\
         <line x1=\"380\" y1=\"8\" x2=\"412\" y2=\"8\" stroke=\"#1c2330\" stroke-width=\"2\" stroke-dasharray=\"7 4\"/>\
         <text x=\"418\" y=\"13\">målet {goal_text}</text></g>",
        Verdict::Met.mark(),
        Verdict::NotMet.mark()
    )?;
    // The axis: a line every 20 %.
    for step in 0..=5u64 {
        let rate = Rate(step * 2000);
        let y = bottom * 100 - bar_height(rate);
        writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{right}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\
             <text class=\"axel\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}{NBSP}%</text>",
            PLOT_LEFT - 4,
            Px(y),
            Px(y),
            if step == 0 { "#1c2330" } else { "#e3e6ea" },
            PLOT_LEFT - 8,
            Px(y + 400),
            step * 20
        )?;
    }
    Ok(())
}

/// One region's bar (or its place, marked missing) and its name under the axis.
fn write_bar(out: &mut String, index: usize, line: &Line<'_>) -> fmt::Result {
    let bottom = PLOT_TOP + PLOT_HEIGHT;
    let slot = PLOT_LEFT + u64::try_from(index).unwrap_or(0) * SLOT;
    let centre = slot + SLOT / 2;
    let x = slot + (SLOT - BAR) / 2;
    let code = line.region.code();
    let name = Esc(line.name);
    if let Some((rate, part, whole)) = line.rate(&ConditionId::Inclusion) {
        let verdict = line.verdict(&ConditionId::Inclusion);
        let (fill, class) = match verdict {
            Verdict::Met => ("#1a7f37", "uppfyllt"),
            Verdict::NotMet => ("url(#ej-uppfyllt-rand)", "ej-uppfyllt"),
            Verdict::Missing => ("#9aa1ab", "saknas"),
        };
        let height = bar_height(rate);
        let top = bottom * 100 - height;
        writeln!(
            out,
            "<rect class=\"stapel {class}\" data-region=\"{code}\" data-procent=\"{}\" \
                     x=\"{x}\" y=\"{}\" width=\"{BAR}\" height=\"{}\" fill=\"{fill}\">\
                     <title>{name}: {rate} ({part} av {whole} nya fall i SVF), {}</title></rect>\
                     <text class=\"varde\" x=\"{centre}\" y=\"{}\" text-anchor=\"middle\">{}</text>\
                     <text class=\"markering {class}\" x=\"{centre}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            rate.decimal(),
            Px(top),
            Px(height),
            verdict.word(),
            Px(top.saturating_sub(500)),
            rate.number(),
            Px(top.saturating_sub(1900)),
            verdict.mark()
        )?;
    } else {
        let why = if line.assessment.is_some_and(StoredAssessment::assessed) {
            "uppgift saknas"
        } else {
            "redovisning saknas"
        };
        writeln!(
            out,
            "<rect class=\"stapel saknas\" data-region=\"{code}\" data-procent=\"\" \
                     x=\"{x}\" y=\"{PLOT_TOP}\" width=\"{BAR}\" height=\"{PLOT_HEIGHT}\" fill=\"#f3f4f6\" \
                     stroke=\"#9aa1ab\" stroke-dasharray=\"4 3\"><title>{name}: {why}</title></rect>\
                     <text class=\"saknas-text\" text-anchor=\"middle\" \
                     transform=\"translate({} {}) rotate(-90)\">{why}</text>",
            centre + 4,
            PLOT_TOP + PLOT_HEIGHT / 2
        )?;
    }
    writeln!(
        out,
        "<text x=\"{centre}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-45 {centre} {})\">{name}</text>",
        bottom + 16,
        bottom + 16
    )
}
