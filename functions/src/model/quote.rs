//! The words of a region or an RCC as the national picture and the lägesbild quote them: shown
//! as written, never read for meaning.

/// Text as quoted: trimmed, control characters made spaces, at most `max_chars` characters (a
/// longer text is cut at a word and marked `…`); `None` when nothing visible is left.
pub fn quote(text: &str, max_chars: usize) -> Option<String> {
    let clean: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.trim().is_empty() {
        return None;
    }
    if clean.chars().count() <= max_chars {
        return Some(clean);
    }
    let cut: String = clean.chars().take(max_chars).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    Some(format!("{}…", cut[..at].trim_end()))
}
