//! Business registration numbers (사업자등록번호): ten digits written 123-45-67890, the last a
//! check digit over the first nine.

use crate::{Error, Result};

const WEIGHTS: [u32; 9] = [1, 3, 7, 1, 3, 7, 1, 3, 5];

/// The check digit the first nine digits call for (each taken modulo 10, so no input overflows).
pub fn check_digit(first9: &[u32; 9]) -> u32 {
    let d: [u32; 9] = std::array::from_fn(|i| first9[i] % 10);
    let mut sum: u32 = d.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    sum += d[8] * 5 / 10;
    (10 - sum % 10) % 10
}

/// Validate and format as "123-45-67890". Accepts the digits with or without hyphens or spaces.
pub fn normalize(input: &str) -> Result<String> {
    const FIELD: &str = "business_registration_number";
    let digits: Vec<u32> = input
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_digit(10).filter(|_| c.is_ascii_digit()))
        .collect::<Option<_>>()
        .ok_or_else(|| Error::invalid(FIELD, input, "only digits and hyphens are allowed (123-45-67890)"))?;
    if digits.len() != 10 {
        return Err(Error::invalid(FIELD, input, format!("needs 10 digits, found {}", digits.len())));
    }
    let first9: [u32; 9] = std::array::from_fn(|i| digits[i]);
    let expected = check_digit(&first9);
    if digits[9] != expected {
        return Err(Error::invalid(FIELD, input, format!("check digit is {} but should be {expected}", digits[9])));
    }
    let s: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
    Ok(format!("{}-{}-{}", &s[0..3], &s[3..5], &s[5..10]))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_are_formatted() {
        // 220-81-62517 is a published, valid registration number.
        assert_eq!(normalize("2208162517").unwrap(), "220-81-62517");
        assert_eq!(normalize("220-81-62517").unwrap(), "220-81-62517");
        assert_eq!(normalize(" 220 81 62517").unwrap(), "220-81-62517");
    }

    #[test]
    fn wrong_check_digit_is_named() {
        let e = normalize("220-81-62518").unwrap_err().to_string();
        assert!(
            e.contains("business_registration_number") && e.contains("220-81-62518") && e.contains("should be 7"),
            "{e}"
        );
    }

    #[test]
    fn check_digit_takes_any_input() {
        assert_eq!(check_digit(&[u32::MAX; 9]), check_digit(&[u32::MAX % 10; 9]));
        assert_eq!(check_digit(&[2, 2, 0, 8, 1, 6, 2, 5, 1]), 7);
    }

    #[test]
    fn wrong_shapes() {
        assert!(normalize("220-81-6251").unwrap_err().to_string().contains("10 digits"));
        assert!(normalize("22O-81-62517").unwrap_err().to_string().contains("only digits"));
        assert!(normalize("２２０８１６２５１７").is_err(), "full-width digits are not ASCII");
    }
}
