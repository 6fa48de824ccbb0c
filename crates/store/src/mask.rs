//! Masking of personal data for lists and logs: enough to recognise a person, not to identify one.

/// `110101199003071234` → `110***********1234`: the first three and last four characters.
pub fn id_number(s: &str) -> String {
    keep_ends(s, 3, 4)
}

/// `13812345678` → `138****5678`.
pub fn phone(s: &str) -> String {
    keep_ends(s, 3, 4)
}

/// `张三丰` → `张**`; a one-character name stays as it is only when empty.
pub fn name(s: &str) -> String {
    let mut chars = s.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first).chain(chars.map(|_| '*')).collect(),
        None => String::new(),
    }
}

/// The first six characters (province, city, district), the rest hidden.
pub fn address(s: &str) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    if chars.len() <= 6 { "*".repeat(chars.len()) } else { chars[..6].iter().collect::<String>() + "****" }
}

/// `li.xiaolong@example.com` → `l**********@example.com`: the first character and the domain.
pub fn email(s: &str) -> String {
    match s.trim().split_once('@') {
        Some((local, domain)) => format!("{}@{domain}", keep_ends(local, 1, 0).chars().take(12).collect::<String>()),
        None => keep_ends(s, 1, 0),
    }
}

/// Keeps `head` and `tail` characters; short values are hidden completely.
fn keep_ends(s: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = s.trim().chars().collect();
    if chars.len() <= head + tail {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - head - tail;
    chars[..head].iter().chain(std::iter::repeat_n(&'*', hidden)).chain(&chars[chars.len() - tail..]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_the_ends() {
        assert_eq!(id_number("110101199003071234"), "110***********1234");
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(name("张三丰"), "张**");
        assert_eq!(address("北京市东城区东华门街道1号"), "北京市东城区****");
        assert_eq!(phone("12345"), "*****");
        assert_eq!(id_number(""), "");
        assert_eq!(email("li.xiaolong@example.com"), "l**********@example.com");
        assert_eq!(email("a@x.cn"), "*@x.cn");
    }
}
