//! Small wording helpers shared by every front end, so that the command
//! line, the designer and the reports count things the same way.

/// "1 subnet", "3 subnets", "0 errors". For nouns whose plural adds an "s".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "file"), "1 file");
        assert_eq!(count(0, "file"), "0 files");
        assert_eq!(count(12, "VNet"), "12 VNets");
    }
}
